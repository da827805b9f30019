-- CreateTable
CREATE TABLE "RollupState" (
    "shop" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "builtAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollupState_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "DailyLedgerRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "points" BIGINT NOT NULL DEFAULT 0,
    "spendMinor" BIGINT NOT NULL DEFAULT 0,
    "entries" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyLedgerRollup_pkey" PRIMARY KEY ("shop","day","type")
);

-- CreateTable
CREATE TABLE "DailyOrderRollup" (
    "shop" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "revenueMinor" BIGINT NOT NULL DEFAULT 0,
    "lastOrderCustomers" INTEGER NOT NULL DEFAULT 0,
    "oneOrderCustomers" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DailyOrderRollup_pkey" PRIMARY KEY ("shop","day","segment")
);

-- CreateTable
CREATE TABLE "OrderRollup" (
    "shop" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "customerGid" TEXT,
    "segment" TEXT NOT NULL,
    "paidAt" TIMESTAMP(3) NOT NULL,
    "day" TEXT,
    "revenueMinor" BIGINT NOT NULL,

    CONSTRAINT "OrderRollup_pkey" PRIMARY KEY ("shop","orderGid")
);

-- CreateTable
CREATE TABLE "CustomerRollup" (
    "shop" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "paidOrders" INTEGER NOT NULL,
    "firstPaidAt" TIMESTAMP(3) NOT NULL,
    "lastPaidAt" TIMESTAMP(3) NOT NULL,
    "liveOrders" INTEGER NOT NULL,
    "lastLiveDay" TEXT,
    "firstPaidDay" TEXT NOT NULL,
    "riskAfter" TIMESTAMP(3),
    "prevPaidAt" TIMESTAMP(3),
    "prevRiskAfter" TIMESTAMP(3),

    CONSTRAINT "CustomerRollup_pkey" PRIMARY KEY ("shop","customerGid")
);

-- CreateIndex
CREATE INDEX "OrderRollup_shop_customerGid_idx" ON "OrderRollup"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "OrderRollup_shop_day_customerGid_segment_idx" ON "OrderRollup"("shop", "day", "customerGid", "segment");

-- CreateIndex
CREATE INDEX "CustomerRollup_shop_lastPaidAt_idx" ON "CustomerRollup"("shop", "lastPaidAt");

-- CreateIndex
CREATE INDEX "CustomerRollup_churn_idx" ON "CustomerRollup"("shop", "segment", "riskAfter", "lastPaidAt", "customerGid");

-- CreateIndex
CREATE INDEX "CustomerRollup_churn_since_idx" ON "CustomerRollup"("shop", "segment", "lastPaidAt", "prevRiskAfter", "prevPaidAt");

