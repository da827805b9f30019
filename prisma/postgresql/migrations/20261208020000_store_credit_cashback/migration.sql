-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "cashbackBasisPoints" INTEGER NOT NULL DEFAULT 200,
ADD COLUMN     "cashbackEnabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cashbackTierRates" TEXT NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "CashbackCredit" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "customerGid" TEXT NOT NULL,
    "orderGid" TEXT NOT NULL,
    "orderName" TEXT,
    "currency" TEXT NOT NULL,
    "lines" TEXT NOT NULL,
    "eligibleMinor" BIGINT NOT NULL,
    "rateBasisPoints" INTEGER NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "creditableAt" TIMESTAMP(3) NOT NULL,
    "creditedMinor" BIGINT NOT NULL DEFAULT 0,
    "debitedMinor" BIGINT NOT NULL DEFAULT 0,
    "transactionGid" TEXT,
    "attemptedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "creditedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CashbackCredit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CashbackDebit" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creditId" TEXT NOT NULL,
    "refundKey" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "status" TEXT NOT NULL,
    "transactionGid" TEXT,
    "attemptedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "debitedAt" TIMESTAMP(3),

    CONSTRAINT "CashbackDebit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CashbackCredit_memberId_createdAt_idx" ON "CashbackCredit"("memberId", "createdAt");

-- CreateIndex
CREATE INDEX "CashbackCredit_shop_status_idx" ON "CashbackCredit"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CashbackCredit_shop_orderGid_key" ON "CashbackCredit"("shop", "orderGid");

-- CreateIndex
CREATE INDEX "CashbackDebit_creditId_idx" ON "CashbackDebit"("creditId");

-- CreateIndex
CREATE UNIQUE INDEX "CashbackDebit_shop_refundKey_key" ON "CashbackDebit"("shop", "refundKey");

-- AddForeignKey
ALTER TABLE "CashbackDebit" ADD CONSTRAINT "CashbackDebit_creditId_fkey" FOREIGN KEY ("creditId") REFERENCES "CashbackCredit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

