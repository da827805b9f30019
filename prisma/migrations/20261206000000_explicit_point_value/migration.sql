-- The point value becomes an explicit program setting (docs/decisions/019-explicit-point-value.md). Existing shops
-- get the value the old rule derived, so no figure moves: the best rate among active fixed-amount rewards
-- (amount ÷ points cost); ties go to the lowest id so both columns come from the same reward. A shop without such
-- a reward keeps null (money figures then say the value is not set).
-- Also: whether manual adjustments count toward points-based tiers (false: as before), rewards that can be archived
-- and are created once per form key, and the order's name on ledger entries.

-- AlterTable
ALTER TABLE "Program" ADD COLUMN "pointValueMinor" BIGINT;
ALTER TABLE "Program" ADD COLUMN "pointValuePoints" BIGINT;
ALTER TABLE "Program" ADD COLUMN "tierCountsManual" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN "orderName" TEXT;

-- AlterTable
ALTER TABLE "Reward" ADD COLUMN "archivedAt" DATETIME;
ALTER TABLE "Reward" ADD COLUMN "clientKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Reward_shop_clientKey_key" ON "Reward"("shop", "clientKey");

-- CopyData
UPDATE "Program" SET
  "pointValueMinor" = (
    SELECT r."amountMinor" FROM "Reward" r
    WHERE r."shop" = "Program"."shop" AND r."active" = true AND r."kind" = 'fixed_amount' AND r."amountMinor" > 0 AND r."pointsCost" > 0
    ORDER BY CAST(r."amountMinor" AS REAL) / r."pointsCost" DESC, r."id" ASC LIMIT 1
  ),
  "pointValuePoints" = (
    SELECT r."pointsCost" FROM "Reward" r
    WHERE r."shop" = "Program"."shop" AND r."active" = true AND r."kind" = 'fixed_amount' AND r."amountMinor" > 0 AND r."pointsCost" > 0
    ORDER BY CAST(r."amountMinor" AS REAL) / r."pointsCost" DESC, r."id" ASC LIMIT 1
  );
