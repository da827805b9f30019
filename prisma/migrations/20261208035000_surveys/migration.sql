-- Surveys (ADR 035): versioned surveys, one response per member and version, the shop's interest-tag setting, and the tags each member's sync last wrote.
-- AlterTable
ALTER TABLE "Member" ADD COLUMN "interestTags" TEXT;

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "points" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveyVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "questions" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "memberId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "interests" TEXT NOT NULL DEFAULT '[]',
    "nps" INTEGER,
    "ces" INTEGER,
    "tierId" TEXT,
    "points" BIGINT NOT NULL DEFAULT 0,
    "submittedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SurveySettings" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "interestTags" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "Survey_shop_status_idx" ON "Survey"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyVersion_surveyId_version_key" ON "SurveyVersion"("surveyId", "version");

-- CreateIndex
CREATE INDEX "SurveyResponse_shop_surveyId_submittedAt_idx" ON "SurveyResponse"("shop", "surveyId", "submittedAt");

-- CreateIndex
CREATE INDEX "SurveyResponse_memberId_idx" ON "SurveyResponse"("memberId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_surveyId_version_memberId_key" ON "SurveyResponse"("surveyId", "version", "memberId");

