-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Program" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'live',
    "baseRateMilli" INTEGER NOT NULL DEFAULT 1000,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "includeTax" BOOLEAN NOT NULL DEFAULT false,
    "signupBonusPoints" BIGINT NOT NULL DEFAULT 0,
    "maxPointsPerOrder" BIGINT NOT NULL DEFAULT 100000,
    "vestingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryDays" INTEGER,
    "refundPolicy" TEXT NOT NULL DEFAULT 'clampAtZero',
    "returnExpiredCodes" BOOLEAN NOT NULL DEFAULT false,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "storefrontSeenAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Program" ("baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "refundPolicy", "returnExpiredCodes", "shop", "signupBonusPoints", "status", "storefrontSeenAt", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays") SELECT "baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "refundPolicy", "returnExpiredCodes", "shop", "signupBonusPoints", "status", "storefrontSeenAt", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
CREATE TABLE "new_Tier" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "threshold" BIGINT NOT NULL,
    "multiplierMilli" INTEGER NOT NULL DEFAULT 1000,
    "perks" TEXT
);
INSERT INTO "new_Tier" ("id", "multiplierMilli", "name", "perks", "shop", "threshold") SELECT "id", "multiplierMilli", "name", "perks", "shop", "threshold" FROM "Tier";
DROP TABLE "Tier";
ALTER TABLE "new_Tier" RENAME TO "Tier";
CREATE INDEX "Tier_shop_threshold_idx" ON "Tier"("shop", "threshold");
CREATE UNIQUE INDEX "Tier_shop_name_key" ON "Tier"("shop", "name");
CREATE TABLE "new_Member" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "displayName" TEXT,
    "email" TEXT,
    "balance" BIGINT NOT NULL DEFAULT 0,
    "lifetimeEarned" BIGINT NOT NULL DEFAULT 0,
    "lifetimeRedeemed" BIGINT NOT NULL DEFAULT 0,
    "tierId" TEXT,
    "tierMetric" BIGINT NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "redactedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Member" ("balance", "createdAt", "customerGid", "displayName", "email", "id", "lifetimeEarned", "lifetimeRedeemed", "redactedAt", "shop", "tierId", "tierMetric", "updatedAt", "version") SELECT "balance", "createdAt", "customerGid", "displayName", "email", "id", "lifetimeEarned", "lifetimeRedeemed", "redactedAt", "shop", "tierId", "tierMetric", "updatedAt", "version" FROM "Member";
DROP TABLE "Member";
ALTER TABLE "new_Member" RENAME TO "Member";
CREATE INDEX "Member_shop_balance_idx" ON "Member"("shop", "balance");
CREATE INDEX "Member_shop_lifetimeEarned_idx" ON "Member"("shop", "lifetimeEarned");
CREATE INDEX "Member_shop_createdAt_idx" ON "Member"("shop", "createdAt");
CREATE INDEX "Member_shop_tierId_balance_idx" ON "Member"("shop", "tierId", "balance");
CREATE INDEX "Member_shop_tierId_lifetimeEarned_idx" ON "Member"("shop", "tierId", "lifetimeEarned");
CREATE INDEX "Member_shop_tierId_createdAt_idx" ON "Member"("shop", "tierId", "createdAt");
CREATE INDEX "Member_shop_displayName_email_id_idx" ON "Member"("shop", "displayName", "email", "id");
CREATE UNIQUE INDEX "Member_shop_customerGid_key" ON "Member"("shop", "customerGid");
CREATE TABLE "new_LedgerEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "points" BIGINT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "reversesId" TEXT,
    "orderGid" TEXT,
    "explanation" TEXT NOT NULL,
    "breakdown" TEXT,
    "spendMinor" BIGINT NOT NULL DEFAULT 0,
    "vestsAt" DATETIME,
    "expiresAt" DATETIME,
    "actor" TEXT,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "LedgerEntry_memberId_fkey" FOREIGN KEY ("memberId") REFERENCES "Member" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LedgerEntry" ("actor", "breakdown", "createdAt", "expiresAt", "explanation", "id", "idempotencyKey", "memberId", "note", "orderGid", "points", "reversesId", "shop", "spendMinor", "type", "vestsAt") SELECT "actor", "breakdown", "createdAt", "expiresAt", "explanation", "id", "idempotencyKey", "memberId", "note", "orderGid", "points", "reversesId", "shop", "spendMinor", "type", "vestsAt" FROM "LedgerEntry";
DROP TABLE "LedgerEntry";
ALTER TABLE "new_LedgerEntry" RENAME TO "LedgerEntry";
CREATE INDEX "LedgerEntry_memberId_createdAt_idx" ON "LedgerEntry"("memberId", "createdAt");
CREATE INDEX "LedgerEntry_shop_createdAt_idx" ON "LedgerEntry"("shop", "createdAt");
CREATE INDEX "LedgerEntry_shop_type_createdAt_points_idx" ON "LedgerEntry"("shop", "type", "createdAt", "points");
CREATE INDEX "LedgerEntry_shop_orderGid_idx" ON "LedgerEntry"("shop", "orderGid");
CREATE UNIQUE INDEX "LedgerEntry_shop_idempotencyKey_key" ON "LedgerEntry"("shop", "idempotencyKey");
CREATE TABLE "new_OrderRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "customerGid" TEXT,
    "status" TEXT NOT NULL,
    "earnInput" TEXT,
    "paidAt" DATETIME,
    "cancelledAt" DATETIME,
    "earnedPoints" BIGINT NOT NULL DEFAULT 0,
    "clawedTarget" BIGINT NOT NULL DEFAULT 0,
    "totalMinor" BIGINT NOT NULL DEFAULT 0,
    "currency" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_OrderRecord" ("cancelledAt", "clawedTarget", "createdAt", "currency", "customerGid", "earnInput", "earnedPoints", "id", "orderGid", "paidAt", "shop", "status", "totalMinor", "updatedAt") SELECT "cancelledAt", "clawedTarget", "createdAt", "currency", "customerGid", "earnInput", "earnedPoints", "id", "orderGid", "paidAt", "shop", "status", "totalMinor", "updatedAt" FROM "OrderRecord";
DROP TABLE "OrderRecord";
ALTER TABLE "new_OrderRecord" RENAME TO "OrderRecord";
CREATE INDEX "OrderRecord_shop_customerGid_paidAt_idx" ON "OrderRecord"("shop", "customerGid", "paidAt");
CREATE INDEX "OrderRecord_shop_paidAt_idx" ON "OrderRecord"("shop", "paidAt");
CREATE UNIQUE INDEX "OrderRecord_shop_orderGid_key" ON "OrderRecord"("shop", "orderGid");
CREATE TABLE "new_Reward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pointsCost" BIGINT NOT NULL,
    "amountMinor" BIGINT,
    "percentBasisPoints" INTEGER,
    "minimumOrderMinor" BIGINT,
    "expiryDays" INTEGER NOT NULL DEFAULT 30,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Reward" ("active", "amountMinor", "createdAt", "expiryDays", "id", "kind", "minimumOrderMinor", "name", "percentBasisPoints", "pointsCost", "position", "shop", "updatedAt") SELECT "active", "amountMinor", "createdAt", "expiryDays", "id", "kind", "minimumOrderMinor", "name", "percentBasisPoints", "pointsCost", "position", "shop", "updatedAt" FROM "Reward";
DROP TABLE "Reward";
ALTER TABLE "new_Reward" RENAME TO "Reward";
CREATE INDEX "Reward_shop_active_position_idx" ON "Reward"("shop", "active", "position");
CREATE TABLE "new_Redemption" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "rewardId" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pointsCost" BIGINT NOT NULL,
    "rewardName" TEXT NOT NULL,
    "discountGid" TEXT,
    "failure" TEXT,
    "expiresAt" DATETIME,
    "usedAt" DATETIME,
    "usedOrderGid" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Redemption" ("clientKey", "code", "createdAt", "discountGid", "expiresAt", "failure", "id", "memberId", "pointsCost", "rewardId", "rewardName", "shop", "status", "updatedAt", "usedAt", "usedOrderGid") SELECT "clientKey", "code", "createdAt", "discountGid", "expiresAt", "failure", "id", "memberId", "pointsCost", "rewardId", "rewardName", "shop", "status", "updatedAt", "usedAt", "usedOrderGid" FROM "Redemption";
DROP TABLE "Redemption";
ALTER TABLE "new_Redemption" RENAME TO "Redemption";
CREATE INDEX "Redemption_memberId_createdAt_idx" ON "Redemption"("memberId", "createdAt");
CREATE UNIQUE INDEX "Redemption_shop_memberId_clientKey_key" ON "Redemption"("shop", "memberId", "clientKey");
CREATE UNIQUE INDEX "Redemption_shop_code_key" ON "Redemption"("shop", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

