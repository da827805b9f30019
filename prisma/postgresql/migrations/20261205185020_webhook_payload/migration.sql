-- The payload moves to its own table (docs/decisions/017-webhooks-ahead-of-remix.md): claiming and completing a
-- delivery then rewrite a small row, not a 10 KB one. Existing payloads are copied before the column goes.

-- CreateTable
CREATE TABLE "WebhookPayload" (
    "seq" BIGINT NOT NULL,
    "shop" TEXT NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "WebhookPayload_pkey" PRIMARY KEY ("seq")
);

-- AddForeignKey
ALTER TABLE "WebhookPayload" ADD CONSTRAINT "WebhookPayload_seq_fkey" FOREIGN KEY ("seq") REFERENCES "WebhookDelivery"("seq") ON DELETE CASCADE ON UPDATE CASCADE;

-- CopyData
INSERT INTO "WebhookPayload" ("seq", "shop", "body") SELECT "seq", "shop", "body" FROM "WebhookDelivery";

-- AlterTable
ALTER TABLE "WebhookDelivery" DROP COLUMN "body";
