-- CreateTable
CREATE TABLE "FlowSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "enabled" TEXT NOT NULL DEFAULT '{}',
    "expiringDays" INTEGER NOT NULL DEFAULT 14,
    "atRiskDays" INTEGER NOT NULL DEFAULT 120,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FlowCursor" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "entryCreatedAt" DATETIME NOT NULL,
    "entryId" TEXT NOT NULL,
    "tierId" TEXT,
    "available" BIGINT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FlowEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "trimmed" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "FlowEvent_shop_sentAt_idx" ON "FlowEvent"("shop", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowEvent_shop_eventKey_key" ON "FlowEvent"("shop", "eventKey");

