-- DropIndex
DROP INDEX "Member_shop_tierId_idx";

-- CreateIndex
CREATE INDEX "Member_shop_createdAt_idx" ON "Member"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_balance_idx" ON "Member"("shop", "tierId", "balance");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_lifetimeEarned_idx" ON "Member"("shop", "tierId", "lifetimeEarned");

-- CreateIndex
CREATE INDEX "Member_shop_tierId_createdAt_idx" ON "Member"("shop", "tierId", "createdAt");

-- CreateIndex
CREATE INDEX "Member_shop_displayName_email_id_idx" ON "Member"("shop", "displayName", "email", "id");

