-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "amountMinor" INTEGER,
    "percentBasisPoints" INTEGER,
    "minimumOrderMinor" INTEGER,
    "expiryDays" INTEGER NOT NULL DEFAULT 30,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Redemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pointsCost" INTEGER NOT NULL,
    "rewardName" TEXT NOT NULL,
    "discountGid" TEXT,
    "failure" TEXT,
    "expiresAt" DATETIME,
    "usedAt" DATETIME,
    "usedOrderGid" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Program" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'live',
    "baseRateMilli" INTEGER NOT NULL DEFAULT 1000,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "includeTax" BOOLEAN NOT NULL DEFAULT false,
    "signupBonusPoints" INTEGER NOT NULL DEFAULT 0,
    "vestingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryDays" INTEGER,
    "refundPolicy" TEXT NOT NULL DEFAULT 'clampAtZero',
    "returnExpiredCodes" BOOLEAN NOT NULL DEFAULT false,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Program" ("baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "refundPolicy", "shop", "signupBonusPoints", "status", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays") SELECT "baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "refundPolicy", "shop", "signupBonusPoints", "status", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Reward_shop_active_position_idx" ON "Reward"("shop", "active", "position");

-- CreateIndex
CREATE INDEX "Redemption_memberId_createdAt_idx" ON "Redemption"("memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_memberId_clientKey_key" ON "Redemption"("shop", "memberId", "clientKey");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_code_key" ON "Redemption"("shop", "code");

