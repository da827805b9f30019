-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" TIMESTAMP(3),
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" TIMESTAMP(3),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Program" (
    "shop" TEXT NOT NULL,
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
    "storefrontSeenAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Program_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "EarningRule" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "matchValue" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "rateMilli" INTEGER NOT NULL,

    CONSTRAINT "EarningRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierMilli" INTEGER NOT NULL DEFAULT 1000,
    "perks" TEXT,

    CONSTRAINT "Tier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "balance" INTEGER NOT NULL DEFAULT 0,
    "lifetimeEarned" INTEGER NOT NULL DEFAULT 0,
    "lifetimeRedeemed" INTEGER NOT NULL DEFAULT 0,
    "tierId" TEXT,
    "tierMetric" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "reversesId" TEXT,
    "orderGid" TEXT,
    "explanation" TEXT NOT NULL,
    "breakdown" TEXT,
    "spendMinor" INTEGER NOT NULL DEFAULT 0,
    "vestsAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3),
    "actor" TEXT,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderRecord" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "customerGid" TEXT,
    "status" TEXT NOT NULL,
    "earnInput" TEXT,
    "paidAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "earnedPoints" INTEGER NOT NULL DEFAULT 0,
    "clawedTarget" INTEGER NOT NULL DEFAULT 0,
    "totalMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RefundRecord" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "refundGid" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RefundRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductCache" (
    "shop" TEXT NOT NULL,
    "productGid" TEXT NOT NULL,
    "productType" TEXT,
    "collectionGids" TEXT NOT NULL,
    "fetchedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductCache_pkey" PRIMARY KEY ("shop","productGid")
);

-- CreateTable
CREATE TABLE "OutboxJob" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "runAfter" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "doneAt" TIMESTAMP(3),
    "deadAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboxJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "requestId" TEXT,
    "export" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reward" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Reward_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Redemption" (
    "id" TEXT NOT NULL,
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
    "expiresAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "usedOrderGid" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Redemption_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EarningRule_shop_kind_matchValue_key" ON "EarningRule"("shop", "kind", "matchValue");

-- CreateIndex
CREATE INDEX "Tier_shop_threshold_idx" ON "Tier"("shop", "threshold");

-- CreateIndex
CREATE UNIQUE INDEX "Tier_shop_name_key" ON "Tier"("shop", "name");

-- CreateIndex
CREATE INDEX "Member_shop_balance_idx" ON "Member"("shop", "balance");

-- CreateIndex
CREATE INDEX "Member_shop_lifetimeEarned_idx" ON "Member"("shop", "lifetimeEarned");

-- CreateIndex
CREATE INDEX "Member_shop_createdAt_idx" ON "Member"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_balance_idx" ON "Member"("shop", "tierId", "balance");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_lifetimeEarned_idx" ON "Member"("shop", "tierId", "lifetimeEarned");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_createdAt_idx" ON "Member"("shop", "tierId", "createdAt");

-- CreateIndex
CREATE INDEX "Member_shop_displayName_email_id_idx" ON "Member"("shop", "displayName", "email", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Member_shop_customerGid_key" ON "Member"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "LedgerEntry_memberId_createdAt_idx" ON "LedgerEntry"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_createdAt_idx" ON "LedgerEntry"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_type_createdAt_points_idx" ON "LedgerEntry"("shop", "type", "createdAt", "points");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_orderGid_idx" ON "LedgerEntry"("shop", "orderGid");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_shop_idempotencyKey_key" ON "LedgerEntry"("shop", "idempotencyKey");

-- CreateIndex
CREATE INDEX "OrderRecord_shop_customerGid_paidAt_idx" ON "OrderRecord"("shop", "customerGid", "paidAt");

-- CreateIndex
CREATE INDEX "OrderRecord_shop_paidAt_idx" ON "OrderRecord"("shop", "paidAt");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRecord_shop_orderGid_key" ON "OrderRecord"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "RefundRecord_shop_orderGid_idx" ON "RefundRecord"("shop", "orderGid");

-- CreateIndex
CREATE UNIQUE INDEX "RefundRecord_shop_refundGid_key" ON "RefundRecord"("shop", "refundGid");

-- CreateIndex
CREATE INDEX "OutboxJob_doneAt_runAfter_idx" ON "OutboxJob"("doneAt", "runAfter");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxJob_kind_dedupeKey_key" ON "OutboxJob"("kind", "dedupeKey");

-- CreateIndex
CREATE INDEX "DataRequest_shop_customerGid_idx" ON "DataRequest"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "Reward_shop_active_position_idx" ON "Reward"("shop", "active", "position");

-- CreateIndex
CREATE INDEX "Redemption_memberId_createdAt_idx" ON "Redemption"("memberId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_memberId_clientKey_key" ON "Redemption"("shop", "memberId", "clientKey");

-- CreateIndex
CREATE UNIQUE INDEX "Redemption_shop_code_key" ON "Redemption"("shop", "code");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

