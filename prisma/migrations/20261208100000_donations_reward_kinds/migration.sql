-- Donating points and two reward kinds (points slider, free product): docs/decisions/037-donations-and-reward-kinds.md
-- AlterTable
ALTER TABLE "Reward" ADD COLUMN "productGid" TEXT;
ALTER TABLE "Reward" ADD COLUMN "productTitle" TEXT;
ALTER TABLE "Reward" ADD COLUMN "sliderMaxPoints" BIGINT;
ALTER TABLE "Reward" ADD COLUMN "sliderMinPoints" BIGINT;
ALTER TABLE "Reward" ADD COLUMN "variantGid" TEXT;

-- AlterTable
ALTER TABLE "Redemption" ADD COLUMN "amountMinor" BIGINT;

-- CreateTable
CREATE TABLE "DonationCause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "pointsPerUnit" BIGINT NOT NULL,
    "minimumPoints" BIGINT NOT NULL,
    "multiplePoints" BIGINT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" DATETIME,
    "clientKey" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Donation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "causeId" TEXT NOT NULL,
    "causeName" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DonationCause_shop_archivedAt_position_idx" ON "DonationCause"("shop", "archivedAt", "position");

-- CreateIndex
CREATE UNIQUE INDEX "DonationCause_shop_clientKey_key" ON "DonationCause"("shop", "clientKey");

-- CreateIndex
CREATE INDEX "Donation_shop_createdAt_idx" ON "Donation"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Donation_causeId_createdAt_idx" ON "Donation"("causeId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Donation_shop_memberId_clientKey_key" ON "Donation"("shop", "memberId", "clientKey");

