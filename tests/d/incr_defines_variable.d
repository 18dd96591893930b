BEGIN
{
	printf("%d ", ++x);
	printf("%d ", y++);
	printf("%d ", ++this->z);
	a["k"] += 5;
	printf("%d %d %d\n", x, y, a["k"]);
	exit(0);
}
