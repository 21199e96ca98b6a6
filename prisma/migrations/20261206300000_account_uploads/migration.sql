-- Your own account, in the browser (issue 17): an upload of describe-* outputs, one user's.

-- CreateTable
CREATE TABLE "AccountUpload" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "warnings" JSONB NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountUpload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccountUpload_userId_idx" ON "AccountUpload"("userId");

-- AddForeignKey
ALTER TABLE "AccountUpload" ADD CONSTRAINT "AccountUpload_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
