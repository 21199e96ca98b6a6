-- A server a class can rely on (issue 11): steps stored append-only with checkpoints, the
-- dashboard checkpointed, sign-ins kept on the server so signing out revokes them.

-- CreateTable
CREATE TABLE "AttemptStep" (
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "step" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttemptStep_pkey" PRIMARY KEY ("attemptId","seq")
);

-- CreateTable
CREATE TABLE "AttemptCheckpoint" (
    "attemptId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttemptCheckpoint_pkey" PRIMARY KEY ("attemptId")
);

-- CreateTable
CREATE TABLE "AuthSession" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AuthSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuthSession_userId_idx" ON "AuthSession"("userId");

-- AddForeignKey
ALTER TABLE "AttemptStep" ADD CONSTRAINT "AttemptStep_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttemptCheckpoint" ADD CONSTRAINT "AttemptCheckpoint_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthSession" ADD CONSTRAINT "AuthSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Move every stored step list into rows, one per step, in order; the version counts them.
INSERT INTO "AttemptStep" ("attemptId", "seq", "step", "createdAt")
SELECT a."id", s.ord::INTEGER, s.step, a."updatedAt"
FROM "Attempt" a, jsonb_array_elements(a."actions") WITH ORDINALITY AS s(step, ord);
UPDATE "Attempt" SET "version" = jsonb_array_length("actions");

-- AlterTable
ALTER TABLE "Attempt" DROP COLUMN "actions";

-- AlterTable
ALTER TABLE "LiveSession" ADD COLUMN "dashboard" JSONB,
ADD COLUMN "dashboardSeq" INTEGER NOT NULL DEFAULT 0;
