-- CreateTable
CREATE TABLE "EngagementSettings" (
    "shop" TEXT NOT NULL,
    "birthdayPoints" BIGINT NOT NULL DEFAULT 0,
    "anniversaryPoints" BIGINT NOT NULL DEFAULT 0,
    "newsletterPoints" BIGINT NOT NULL DEFAULT 0,
    "newsletterCap" INTEGER NOT NULL DEFAULT 1,
    "profilePoints" BIGINT NOT NULL DEFAULT 0,
    "socialPoints" BIGINT NOT NULL DEFAULT 0,
    "socialCap" INTEGER NOT NULL DEFAULT 1,
    "socialNetworks" TEXT NOT NULL DEFAULT '{}',
    "lastBonusDay" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EngagementSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "MemberProfile" (
    "memberId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "birthMonth" INTEGER,
    "birthDay" INTEGER,
    "birthYear" INTEGER,
    "birthdaySetAt" TIMESTAMP(3),
    "firstName" TEXT,
    "lastName" TEXT,
    "emailMarketing" TEXT,
    "customerUpdatedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MemberProfile_pkey" PRIMARY KEY ("memberId")
);

-- CreateIndex
CREATE INDEX "MemberProfile_shop_birthMonth_birthDay_idx" ON "MemberProfile"("shop", "birthMonth", "birthDay");

