/* strtok(s, delims) starts on s; strtok(NULL, delims) goes on with it,
   in later clauses of the same firing too. Runs of delimiters are
   skipped, the delimiters may change from call to call, and when only
   delimiters are left the token is NULL. */
#pragma D option quiet

BEGIN
{
	this->line = ";;alpha;beta,,gamma;;";
	printf("[%s]\n", strtok(this->line, ";,"));
}

BEGIN
{
	printf("[%s]\n", strtok(NULL, ";,"));
	printf("[%s]\n", strtok(NULL, ",;"));
	this->t = strtok(NULL, ";,");
	printf("%s\n", this->t == NULL ? "no more tokens" : this->t);
	this->t = strtok(NULL, ";,");
	printf("%s\n", this->t == NULL ? "still none" : this->t);
}

BEGIN
{
	printf("[%s]\n", strtok("key=value; other=x", "="));
	printf("[%s]\n", strtok(NULL, ";"));
	printf("[%s]\n", strtok(NULL, "; "));
	printf("[%s]\n", strtok("no delimiters here", ""));
	printf("[%s]\n", strtok(NULL, "") == NULL ? "then NULL" : "?");
	printf("[%s]\n", strtok("", ",") == NULL ? "empty: NULL" : "?");
	printf("[%s]\n", strtok(",,,", ",") == NULL ? "delimiters only: NULL" : "?");
	printf("[%s]\n", strjoin(strtok("a-b", "-"), strtok(NULL, "-")));
	exit(0);
}
