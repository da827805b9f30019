-- CreateTable
CREATE TABLE "InsightsSnapshot" (
    "shop" TEXT NOT NULL,
    "months" INTEGER NOT NULL,
    "asOfDay" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL,
    "body" TEXT NOT NULL,

    PRIMARY KEY ("shop", "months")
);
