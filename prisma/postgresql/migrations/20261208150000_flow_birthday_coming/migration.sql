-- AlterTable
ALTER TABLE "FlowSettings" ADD COLUMN     "birthdayDays" INTEGER NOT NULL DEFAULT 7;

