-- Backfill: runs inside the deploy, on every row at once
UPDATE "Customer" SET "status" = 'active';

-- AlterTable
ALTER TABLE "Customer" ALTER COLUMN "status" SET NOT NULL;
