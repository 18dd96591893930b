#pragma D option destructive

BEGIN
{
	printf("before\n");
	system("echo from-system %d", 42);
}

BEGIN
{
	printf("after\n");
	exit(0);
}
