-- AlterTable
ALTER TABLE "Program" ADD COLUMN "storefrontSeenAt" DATETIME;

