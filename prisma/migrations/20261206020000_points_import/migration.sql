-- CreateTable
CREATE TABLE "PointsImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "mapping" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "totalRows" INTEGER NOT NULL,
    "validRows" INTEGER NOT NULL,
    "errorRows" INTEGER NOT NULL,
    "skippedRows" INTEGER NOT NULL,
    "validPoints" BIGINT NOT NULL,
    "importedRows" INTEGER NOT NULL DEFAULT 0,
    "importedPoints" BIGINT NOT NULL DEFAULT 0,
    "cursorRow" INTEGER NOT NULL DEFAULT 0,
    "actor" TEXT,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL,
    "confirmedAt" DATETIME,
    "completedAt" DATETIME
);

-- CreateTable
CREATE TABLE "PointsImportRow" (
    "importId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "row" INTEGER NOT NULL,
    "keyKind" TEXT,
    "keyValue" TEXT NOT NULL,
    "memberId" TEXT,
    "customerGid" TEXT,
    "points" BIGINT NOT NULL,
    "lifetime" BIGINT,
    "tier" TEXT,
    "status" TEXT NOT NULL,
    "errorCode" TEXT,
    "error" TEXT,

    PRIMARY KEY ("importId", "row"),
    CONSTRAINT "PointsImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "PointsImport" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "PointsImport_shop_createdAt_idx" ON "PointsImport"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "PointsImportRow_importId_status_row_idx" ON "PointsImportRow"("importId", "status", "row");

-- CreateIndex
CREATE INDEX "PointsImportRow_shop_memberId_idx" ON "PointsImportRow"("shop", "memberId");

-- CreateIndex
CREATE INDEX "PointsImportRow_shop_keyValue_idx" ON "PointsImportRow"("shop", "keyValue");

