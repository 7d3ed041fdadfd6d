/* The smallest Unikit application: a greeting, then its arguments. */
#include <stdio.h>

int main(int argc, char *argv[])
{
	int i;

	printf("Hello from Unikit!\n");
	for (i = 1; i < argc; i++)
		printf("%s\n", argv[i]);
	return 0;
}
