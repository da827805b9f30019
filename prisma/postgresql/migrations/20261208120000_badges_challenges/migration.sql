-- Badges and challenges (docs/decisions/036-badges-and-challenges.md).
-- CreateTable
CREATE TABLE "Badge" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "icon" TEXT NOT NULL,
    "criteria" TEXT NOT NULL,
    "bonusPoints" BIGINT NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Badge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberBadge" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "badgeId" TEXT NOT NULL,
    "earnedAt" TIMESTAMP(3) NOT NULL,
    "orderGid" TEXT,
    "entryId" TEXT,

    CONSTRAINT "MemberBadge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Challenge" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "goal" TEXT NOT NULL,
    "startsOn" TEXT NOT NULL,
    "endsOn" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "tierIds" TEXT NOT NULL DEFAULT '[]',
    "rewardPoints" BIGINT NOT NULL,
    "archivedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Challenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChallengeMember" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "memberId" TEXT NOT NULL,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "progress" BIGINT NOT NULL DEFAULT 0,
    "goal" BIGINT NOT NULL,
    "completedAt" TIMESTAMP(3),
    "orderGid" TEXT,
    "entryId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChallengeMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Badge_shop_archivedAt_idx" ON "Badge"("shop", "archivedAt");

-- CreateIndex
CREATE INDEX "MemberBadge_shop_badgeId_idx" ON "MemberBadge"("shop", "badgeId");

-- CreateIndex
CREATE UNIQUE INDEX "MemberBadge_memberId_badgeId_key" ON "MemberBadge"("memberId", "badgeId");

-- CreateIndex
CREATE INDEX "Challenge_shop_endsAt_idx" ON "Challenge"("shop", "endsAt");

-- CreateIndex
CREATE INDEX "ChallengeMember_memberId_idx" ON "ChallengeMember"("memberId");

-- CreateIndex
CREATE INDEX "ChallengeMember_shop_challengeId_completedAt_idx" ON "ChallengeMember"("shop", "challengeId", "completedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChallengeMember_challengeId_memberId_key" ON "ChallengeMember"("challengeId", "memberId");

