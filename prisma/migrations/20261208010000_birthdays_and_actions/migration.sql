-- Birthdays, anniversaries and actions (issue 11): the shop's settings and the members' profile facts.
-- CreateTable
CREATE TABLE "EngagementSettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "birthdayPoints" BIGINT NOT NULL DEFAULT 0,
    "anniversaryPoints" BIGINT NOT NULL DEFAULT 0,
    "newsletterPoints" BIGINT NOT NULL DEFAULT 0,
    "newsletterCap" INTEGER NOT NULL DEFAULT 1,
    "profilePoints" BIGINT NOT NULL DEFAULT 0,
    "socialPoints" BIGINT NOT NULL DEFAULT 0,
    "socialCap" INTEGER NOT NULL DEFAULT 1,
    "socialNetworks" TEXT NOT NULL DEFAULT '{}',
    "lastBonusDay" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MemberProfile" (
    "memberId" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "birthMonth" INTEGER,
    "birthDay" INTEGER,
    "birthYear" INTEGER,
    "birthdaySetAt" DATETIME,
    "firstName" TEXT,
    "lastName" TEXT,
    "emailMarketing" TEXT,
    "customerUpdatedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "MemberProfile_shop_birthMonth_birthDay_idx" ON "MemberProfile"("shop", "birthMonth", "birthDay");

