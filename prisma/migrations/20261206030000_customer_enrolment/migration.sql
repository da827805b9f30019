-- CreateTable
CREATE TABLE "CustomerEnrolment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "bulkOperationId" TEXT,
    "objectCount" INTEGER,
    "linesDone" INTEGER NOT NULL DEFAULT 0,
    "membersCreated" INTEGER NOT NULL DEFAULT 0,
    "membersExisting" INTEGER NOT NULL DEFAULT 0,
    "actor" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "downloadStartedAt" DATETIME,
    "completedAt" DATETIME
);

-- CreateIndex
CREATE INDEX "CustomerEnrolment_shop_createdAt_idx" ON "CustomerEnrolment"("shop", "createdAt");

