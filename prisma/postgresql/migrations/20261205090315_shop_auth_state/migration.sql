-- CreateTable
CREATE TABLE "ShopAuthState" (
    "shop" TEXT NOT NULL,
    "reauthRequiredAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopAuthState_pkey" PRIMARY KEY ("shop")
);

