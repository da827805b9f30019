-- CreateTable
CREATE TABLE "InsightsSnapshot" (
    "shop" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "asOfDay" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "InsightsSnapshot_pkey" PRIMARY KEY ("shop","months")
);
