-- Guided launch (ADR 023): a new program starts as a draft. Existing rows are copied with their status, so a
-- program that is live stays live; only the column default (used by nothing but a hand-written insert) changes.
-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Program" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "baseRateMilli" INTEGER NOT NULL DEFAULT 1000,
    "includeShipping" BOOLEAN NOT NULL DEFAULT false,
    "includeTax" BOOLEAN NOT NULL DEFAULT false,
    "signupBonusPoints" BIGINT NOT NULL DEFAULT 0,
    "maxPointsPerOrder" BIGINT NOT NULL DEFAULT 100000,
    "vestingDays" INTEGER NOT NULL DEFAULT 0,
    "expiryDays" INTEGER,
    "refundPolicy" TEXT NOT NULL DEFAULT 'clampAtZero',
    "returnExpiredCodes" BOOLEAN NOT NULL DEFAULT false,
    "tierBasis" TEXT NOT NULL DEFAULT 'points',
    "tierWindow" TEXT NOT NULL DEFAULT 'lifetime',
    "currency" TEXT,
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "storefrontSeenAt" DATETIME,
    "earningReviewedAt" DATETIME,
    "rewardsReviewedAt" DATETIME,
    "tiersReviewedAt" DATETIME,
    "launchedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "pointValueMinor" BIGINT,
    "pointValuePoints" BIGINT,
    "tierCountsManual" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Program" ("baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "maxPointsPerOrder", "refundPolicy", "returnExpiredCodes", "shop", "signupBonusPoints", "status", "storefrontSeenAt", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays", "pointValueMinor", "pointValuePoints", "tierCountsManual") SELECT "baseRateMilli", "createdAt", "currency", "expiryDays", "includeShipping", "includeTax", "maxPointsPerOrder", "refundPolicy", "returnExpiredCodes", "shop", "signupBonusPoints", "status", "storefrontSeenAt", "tierBasis", "tierWindow", "timezone", "updatedAt", "vestingDays", "pointValueMinor", "pointValuePoints", "tierCountsManual" FROM "Program";
DROP TABLE "Program";
ALTER TABLE "new_Program" RENAME TO "Program";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

