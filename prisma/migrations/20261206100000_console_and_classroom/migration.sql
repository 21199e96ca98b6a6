-- A classroom from the first minute (issue 13): the console kept with the attempt on the server,
-- and a live session's time limit.

-- CreateTable
CREATE TABLE "ConsoleEntry" (
    "id" SERIAL NOT NULL,
    "attemptId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "output" TEXT NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "trace" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsoleEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsoleEntry_attemptId_id_idx" ON "ConsoleEntry"("attemptId", "id");

-- AddForeignKey
ALTER TABLE "ConsoleEntry" ADD CONSTRAINT "ConsoleEntry_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "LiveSession" ADD COLUMN "timeLimitMinutes" INTEGER;
