-- CreateTable
CREATE TABLE "OrderBackfill" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "fromDate" TIMESTAMP(3) NOT NULL,
    "toDate" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "objectCount" INTEGER,
    "ordersFound" INTEGER NOT NULL DEFAULT 0,
    "ordersEligible" INTEGER NOT NULL DEFAULT 0,
    "previewPoints" BIGINT NOT NULL DEFAULT 0,
    "previewExpired" BIGINT NOT NULL DEFAULT 0,
    "previewValueMinor" BIGINT,
    "linesDone" INTEGER NOT NULL DEFAULT 0,
    "ordersDone" INTEGER NOT NULL DEFAULT 0,
    "ordersAwarded" INTEGER NOT NULL DEFAULT 0,
    "pointsAwarded" BIGINT NOT NULL DEFAULT 0,
    "refundsRecorded" INTEGER NOT NULL DEFAULT 0,
    "actor" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "writeStartedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "OrderBackfill_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrderBackfill_shop_createdAt_idx" ON "OrderBackfill"("shop", "createdAt");
