"""`manage.py generate_load_data --years 10 --scale 10`: fictional load data for benchmarks.

Refuses to run when load data is already there, unless `--replace` (which deletes the previous
load case records first; load agencies and users are kept and reused).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from demo import load_data


class Command(BaseCommand):
    help = (
        "Generate fictional load data: per reporting year about 60 incidents, 40 rapid reviews, 15 reviews, "
        "120 recommendations, 600 actions, 2,000 action updates and 40 learning events, times --scale."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--years", type=int, default=10, help="How many reporting years (default 10)")
        parser.add_argument("--scale", type=float, default=1.0, help="Multiplies every volume (default 1)")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: same seed, same data")
        parser.add_argument(
            "--end-year", type=int, help="Last reporting year Y (for Y/Y+1); default the current one"
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete previous load data first instead of refusing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years, scale = options["years"], options["scale"]
        if not 1 <= years <= 50:
            raise CommandError("--years must be between 1 and 50.")
        if not 0 < scale <= 1000:
            raise CommandError("--scale must be more than 0 and at most 1000.")
        end_year = options["end_year"]
        if end_year is not None and not 1990 <= end_year <= 2100:
            raise CommandError(f"--end-year {end_year} is not a reporting year (1990 to 2100).")
        try:
            result = load_data.generate(
                years=years,
                scale=scale,
                seed=options["seed"],
                end_year=end_year,
                replace=options["replace"],
                log=self.stdout.write,
            )
        except load_data.LoadDataExists:
            raise CommandError(
                "Load data is already in this database (incident refs starting 'load-'). "
                "Run again with --replace to delete it and generate afresh."
            ) from None
        except ValueError as problem:
            raise CommandError(str(problem)) from problem
        self.stdout.write(
            f"Made load data for {result.first_year}/{str(result.first_year + 1)[-2:]} to "
            f"{result.last_year}/{str(result.last_year + 1)[-2:]} (as of {result.as_of}):"
        )
        for name, count in sorted(result.counts.items()):
            self.stdout.write(f"  {name:<28} {count:>9,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {result.seconds:.1f} s."))
