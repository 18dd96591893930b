BEGIN
/pid > 0 && (uid == 0 || gid == 0)/
{
	printf("ok\n");
	exit(0);
}
