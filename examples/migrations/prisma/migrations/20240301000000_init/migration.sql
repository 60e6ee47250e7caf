-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT,
    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);
