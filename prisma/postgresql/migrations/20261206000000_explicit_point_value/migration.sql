-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "pointValueMinor" BIGINT,
ADD COLUMN     "pointValuePoints" BIGINT,
ADD COLUMN     "tierCountsManual" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "orderName" TEXT;

-- AlterTable
ALTER TABLE "Reward" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "clientKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Reward_shop_clientKey_key" ON "Reward"("shop", "clientKey");


-- CopyData: the value the old rule derived (best active fixed-amount reward, amount ÷ points cost; ties to the lowest
-- id so both columns come from one reward), so no figure moves (docs/decisions/019-explicit-point-value.md).
UPDATE "Program" SET
  "pointValueMinor" = (
    SELECT r."amountMinor" FROM "Reward" r
    WHERE r."shop" = "Program"."shop" AND r."active" = true AND r."kind" = 'fixed_amount' AND r."amountMinor" > 0 AND r."pointsCost" > 0
    ORDER BY CAST(r."amountMinor" AS DOUBLE PRECISION) / r."pointsCost" DESC, r."id" ASC LIMIT 1
  ),
  "pointValuePoints" = (
    SELECT r."pointsCost" FROM "Reward" r
    WHERE r."shop" = "Program"."shop" AND r."active" = true AND r."kind" = 'fixed_amount' AND r."amountMinor" > 0 AND r."pointsCost" > 0
    ORDER BY CAST(r."amountMinor" AS DOUBLE PRECISION) / r."pointsCost" DESC, r."id" ASC LIMIT 1
  );
