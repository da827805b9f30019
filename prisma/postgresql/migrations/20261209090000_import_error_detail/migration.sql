-- AlterTable
ALTER TABLE "PointsImportRow" ADD COLUMN     "errorDetail" TEXT;

