END
{
	printf("%d\n", $target > 0);
}
