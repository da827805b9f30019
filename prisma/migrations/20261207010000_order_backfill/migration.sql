-- CreateTable
CREATE TABLE "OrderBackfill" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "fromDate" DATETIME NOT NULL,
    "toDate" DATETIME NOT NULL,
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
    "createdAt" DATETIME NOT NULL,
    "writeStartedAt" DATETIME,
    "completedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "OrderBackfill_shop_createdAt_idx" ON "OrderBackfill"("shop", "createdAt");
