-- Import row errors in the merchant's language (docs/decisions/021-points-import.md): the reason as a message key
-- and values (JSON), beside the English sentence. Rows stored before it have none and show their sentence.
-- AlterTable
ALTER TABLE "PointsImportRow" ADD COLUMN "errorDetail" TEXT;
