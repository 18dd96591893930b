BEGIN
{
	printf("%d\n", $target > 0 && $target != pid);
	exit(0);
}
