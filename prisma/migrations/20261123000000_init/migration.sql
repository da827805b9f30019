-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
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
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Program" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'live',
    "baseRateMilli" INTEGER NOT NULL DEFAULT 1000,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "includeTax" BOOLEAN NOT NULL DEFAULT false,
    "signupBonusPoints" INTEGER NOT NULL DEFAULT 0,
    "vestingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryDays" INTEGER,
    "refundPolicy" TEXT NOT NULL DEFAULT 'clampAtZero',
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EarningRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "matchValue" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "rateMilli" INTEGER NOT NULL
);

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" INTEGER NOT NULL,
    "multiplierMilli" INTEGER NOT NULL DEFAULT 1000,
    "perks" TEXT
);

-- CreateTable
CREATE TABLE "Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "vestsAt" DATETIME,
    "expiresAt" DATETIME,
    "actor" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OrderRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "customerGid" TEXT,
    "status" TEXT NOT NULL,
    "earnInput" TEXT,
    "paidAt" DATETIME,
    "cancelledAt" DATETIME,
    "earnedPoints" INTEGER NOT NULL DEFAULT 0,
    "clawedTarget" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RefundRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "refundGid" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ProductCache" (
    "shop" TEXT NOT NULL,
    "productGid" TEXT NOT NULL,
    "productType" TEXT,
    "collectionGids" TEXT NOT NULL,
    "fetchedAt" DATETIME NOT NULL,

    PRIMARY KEY ("shop", "productGid")
);

-- CreateTable
CREATE TABLE "OutboxJob" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "runAfter" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "doneAt" DATETIME,
    "deadAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "requestId" TEXT,
    "export" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
CREATE UNIQUE INDEX "Member_shop_customerGid_key" ON "Member"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "LedgerEntry_memberId_createdAt_idx" ON "LedgerEntry"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_createdAt_idx" ON "LedgerEntry"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_orderGid_idx" ON "LedgerEntry"("shop", "orderGid");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_shop_idempotencyKey_key" ON "LedgerEntry"("shop", "idempotencyKey");

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

