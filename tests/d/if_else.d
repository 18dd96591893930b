BEGIN
{
	x = 3;
	if (x > 2) {
		printf("big\n");
	} else {
		printf("small\n");
	}
	if (x == 0)
		printf("zero\n");
	else
		printf("nonzero\n");
	exit(0);
}
