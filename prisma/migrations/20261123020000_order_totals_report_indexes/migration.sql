-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OrderRecord" (
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
    "totalMinor" INTEGER NOT NULL DEFAULT 0,
    "currency" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_OrderRecord" ("cancelledAt", "clawedTarget", "createdAt", "customerGid", "earnInput", "earnedPoints", "id", "orderGid", "paidAt", "shop", "status", "updatedAt") SELECT "cancelledAt", "clawedTarget", "createdAt", "customerGid", "earnInput", "earnedPoints", "id", "orderGid", "paidAt", "shop", "status", "updatedAt" FROM "OrderRecord";
DROP TABLE "OrderRecord";
ALTER TABLE "new_OrderRecord" RENAME TO "OrderRecord";
CREATE INDEX "OrderRecord_shop_customerGid_paidAt_idx" ON "OrderRecord"("shop", "customerGid", "paidAt");
CREATE INDEX "OrderRecord_shop_paidAt_idx" ON "OrderRecord"("shop", "paidAt");
CREATE UNIQUE INDEX "OrderRecord_shop_orderGid_key" ON "OrderRecord"("shop", "orderGid");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Member_shop_lifetimeEarned_idx" ON "Member"("shop", "lifetimeEarned");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_idx" ON "Member"("shop", "tierId");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_type_createdAt_idx" ON "LedgerEntry"("shop", "type", "createdAt");

