-- Across product groups (insights): what each member bought from per month, and the job's cursor.
-- CreateTable
CREATE TABLE "MemberProductGroups" (
    "memberId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "groups" TEXT NOT NULL,

    PRIMARY KEY ("memberId", "month")
);

-- CreateTable
CREATE TABLE "ProductGroupsCursor" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "entryCreatedAt" DATETIME NOT NULL,
    "entryId" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "MemberProductGroups_shop_month_idx" ON "MemberProductGroups"("shop", "month");
