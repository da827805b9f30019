-- Segments and other apps (ADR 031): the shop's choice of mirrors, and what each member's sync left at Shopify.
-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "mirrorMetafields" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "tierTags" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Member" ADD COLUMN     "mirroredMetafields" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "taggedTier" TEXT;
