-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "earningReviewedAt" TIMESTAMP(3),
ADD COLUMN     "launchedAt" TIMESTAMP(3),
ADD COLUMN     "rewardsReviewedAt" TIMESTAMP(3),
ADD COLUMN     "tiersReviewedAt" TIMESTAMP(3),
ALTER COLUMN "status" SET DEFAULT 'draft';

