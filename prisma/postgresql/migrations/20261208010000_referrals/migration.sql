-- CreateTable
CREATE TABLE "ReferralSettings" (
    "shop" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "referrerPoints" INTEGER NOT NULL DEFAULT 500,
    "friendDiscountKind" TEXT NOT NULL DEFAULT 'fixed_amount',
    "friendDiscountValue" INTEGER NOT NULL DEFAULT 1000,
    "friendMinimumOrderMinor" BIGINT NOT NULL DEFAULT 5000,
    "friendCodeDays" INTEGER NOT NULL DEFAULT 30,
    "pendingDays" INTEGER NOT NULL DEFAULT 30,
    "capPerPeriod" INTEGER DEFAULT 10,
    "capPeriodDays" INTEGER NOT NULL DEFAULT 30,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferralSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "ReferralCode" (
    "memberId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReferralCode_pkey" PRIMARY KEY ("memberId")
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "referrerMemberId" TEXT NOT NULL,
    "referralCode" TEXT NOT NULL,
    "clickKey" TEXT NOT NULL,
    "claimedBy" TEXT,
    "friendCustomerGid" TEXT,
    "friendName" TEXT,
    "friendCode" TEXT,
    "friendDiscountGid" TEXT,
    "friendCodeExpiresAt" TIMESTAMP(3),
    "orderGid" TEXT,
    "orderName" TEXT,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT,
    "points" INTEGER NOT NULL DEFAULT 0,
    "entryId" TEXT,
    "vestsAt" TIMESTAMP(3),
    "clickedAt" TIMESTAMP(3) NOT NULL,
    "orderedAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Referral_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReferralCode_shop_code_key" ON "ReferralCode"("shop", "code");

-- CreateIndex
CREATE INDEX "Referral_shop_referrerMemberId_orderedAt_idx" ON "Referral"("shop", "referrerMemberId", "orderedAt");

-- CreateIndex
CREATE INDEX "Referral_shop_clickedAt_idx" ON "Referral"("shop", "clickedAt");

-- CreateIndex
CREATE INDEX "Referral_shop_friendCustomerGid_idx" ON "Referral"("shop", "friendCustomerGid");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shop_clickKey_key" ON "Referral"("shop", "clickKey");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shop_friendCode_key" ON "Referral"("shop", "friendCode");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shop_orderGid_key" ON "Referral"("shop", "orderGid");

