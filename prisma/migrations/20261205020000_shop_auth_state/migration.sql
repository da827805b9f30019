-- CreateTable
CREATE TABLE "ShopAuthState" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "reauthRequiredAt" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

