-- Across product groups (insights): what each member bought from per month, and the job's cursor.
-- CreateTable
CREATE TABLE "MemberProductGroups" (
    "memberId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "groups" TEXT NOT NULL,

    CONSTRAINT "MemberProductGroups_pkey" PRIMARY KEY ("memberId","month")
);

-- CreateTable
CREATE TABLE "ProductGroupsCursor" (
    "shop" TEXT NOT NULL,
    "entryCreatedAt" TIMESTAMP(3) NOT NULL,
    "entryId" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProductGroupsCursor_pkey" PRIMARY KEY ("shop")
);

-- CreateIndex
CREATE INDEX "MemberProductGroups_shop_month_idx" ON "MemberProductGroups"("shop", "month");
