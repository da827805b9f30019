-- DropIndex
DROP INDEX "LedgerEntry_shop_type_createdAt_idx";

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_type_createdAt_points_idx" ON "LedgerEntry"("shop", "type", "createdAt", "points");

