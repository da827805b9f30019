-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, -- the rowid: 64-bit in SQLite (BigInt in the schema)
    "webhookId" TEXT NOT NULL,
    "eventId" TEXT,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT NOT NULL,
    "orderKey" TEXT,
    "customerGid" TEXT,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "claimedUntil" DATETIME,
    "error" TEXT,
    "outcome" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "processedAt" DATETIME
);

-- CreateTable
CREATE TABLE "ShopInstallation" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "installedAt" DATETIME NOT NULL,
    "uninstalledAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_key" ON "WebhookDelivery"("webhookId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_seq_idx" ON "WebhookDelivery"("status", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_status_seq_idx" ON "WebhookDelivery"("shop", "status", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_orderKey_seq_idx" ON "WebhookDelivery"("orderKey", "seq");

-- CreateIndex
CREATE INDEX "WebhookDelivery_shop_customerGid_idx" ON "WebhookDelivery"("shop", "customerGid");

-- CreateIndex
CREATE INDEX "WebhookDelivery_processedAt_idx" ON "WebhookDelivery"("processedAt");

-- CreateIndex
CREATE INDEX "OrderRecord_orderGid_idx" ON "OrderRecord"("orderGid");

-- CreateIndex
CREATE INDEX "RefundRecord_refundGid_idx" ON "RefundRecord"("refundGid");

