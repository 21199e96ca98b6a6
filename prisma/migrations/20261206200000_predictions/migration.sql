-- Predict before running (issue 16): a traffic test's outcome as the learner guessed it, kept
-- with the step beside what happened.

-- AlterTable
ALTER TABLE "AttemptStep" ADD COLUMN "prediction" JSONB;
