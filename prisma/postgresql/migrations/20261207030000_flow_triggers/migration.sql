-- CreateTable
CREATE TABLE "FlowSettings" (
    "shop" TEXT NOT NULL,
    "enabled" TEXT NOT NULL DEFAULT '{}',
    "expiringDays" INTEGER NOT NULL DEFAULT 14,
    "atRiskDays" INTEGER NOT NULL DEFAULT 120,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "FlowCursor" (
    "memberId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "entryCreatedAt" TIMESTAMP(3) NOT NULL,
    "entryId" TEXT NOT NULL,
    "tierId" TEXT,
    "available" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowCursor_pkey" PRIMARY KEY ("memberId")
);

-- CreateTable
CREATE TABLE "FlowEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "trimmed" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "FlowEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlowEvent_shop_sentAt_idx" ON "FlowEvent"("shop", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "FlowEvent_shop_eventKey_key" ON "FlowEvent"("shop", "eventKey");

