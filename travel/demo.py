"""Demo data of the hotels and transfers for `make run`: the demo session XXX (Kazan') gets
two hotels with their room blocks, rooms chosen by some of its delegates and their arrivals
and departures (at the airport and the railway station, so that the transfer plan groups
them). Idempotent: a session that has hotels is left as it is. Every change goes through the
services."""

import datetime

from django.db import transaction

from core.authorization import SYSTEM
from delegates.models import PLACE_HOLDING_STATUSES, Registration
from sessions_app.models import Session
from travel.models import Hotel, RoomBlock, RoomType, TravelMeans
from travel.services import hotels

DEMO_SESSION_NUMBER = 30

HOTELS = [
    {
        "name_it": "Hotel Kazan’ Palace",
        "name_ru": "Отель «Казань Палас»",
        "name_en": "Kazan Palace Hotel",
        "address": "ул. Баумана, 1, Казань",
        "stars": 5,
        "distance_m": 1200,
        "contact": "+7 843 000-00-00",
        "blocks": [(RoomType.SINGLE, 12, "180.00"), (RoomType.DOUBLE, 6, "220.00")],
    },
    {
        "name_it": "Hotel Volga",
        "name_ru": "Гостиница «Волга»",
        "name_en": "Volga Hotel",
        "address": "ул. Пушкина, 10, Казань",
        "stars": 3,
        "distance_m": 400,
        "contact": "volga@example.org",
        "blocks": [(RoomType.DOUBLE_SINGLE_USE, 20, "95.00")],
    },
]

# (where, means, number, hour, minute) of arrivals, repeated over the delegates.
ARRIVALS = [
    ("Aeroporto di Kazan’ (KZN) / Аэропорт Казань", TravelMeans.FLIGHT, "SU 1250", 9, 10),
    ("Aeroporto di Kazan’ (KZN) / Аэропорт Казань", TravelMeans.FLIGHT, "SU 1250", 9, 10),
    ("Aeroporto di Kazan’ (KZN) / Аэропорт Казань", TravelMeans.FLIGHT, "U6 271", 9, 45),
    ("Stazione di Kazan’ / Вокзал Казань-1", TravelMeans.TRAIN, "002Й", 7, 30),
    ("Aeroporto di Kazan’ (KZN) / Аэропорт Казань", TravelMeans.FLIGHT, "FV 6417", 14, 5),
]


def load_demo_hotels():
    """Returns (session, created): the demo session (None if missing) and whether hotels were
    created now."""
    session = Session.objects.filter(number=DEMO_SESSION_NUMBER).first()
    if session is None:
        return None, False
    if Hotel.objects.filter(session=session).exists():
        return session, False
    with transaction.atomic():
        hotels.switch_on_logistics(session, by=SYSTEM)
        blocks = []
        for position, values in enumerate(HOTELS):
            values = dict(values)
            block_values = values.pop("blocks")
            hotel = hotels.save_hotel(
                Hotel(session=session, position=position, **values), by=SYSTEM
            )
            for room_type, rooms, price in block_values:
                blocks.append(
                    hotels.save_room_block(
                        RoomBlock(
                            hotel=hotel,
                            room_type=room_type,
                            rooms=rooms,
                            first_night=session.start_date - datetime.timedelta(days=1),
                            last_night=session.end_date,
                            price=price,
                            currency="EUR",
                        ),
                        by=SYSTEM,
                    )
                )
        registrations = Registration.objects.filter(
            session=session, status__in=PLACE_HOLDING_STATUSES
        ).order_by("pk")[:15]
        zone = session.tzinfo
        for index, registration in enumerate(registrations):
            block = blocks[index % len(blocks)]
            hotels.choose_room(
                registration,
                block,
                check_in=block.first_night,
                check_out=block.check_out_day,
                by=SYSTEM,
            )
            place, means, number, hour, minute = ARRIVALS[index % len(ARRIVALS)]
            arrival = datetime.datetime.combine(
                session.start_date - datetime.timedelta(days=1),
                datetime.time(hour, minute),
                tzinfo=zone,
            )
            hotels.save_travel_plan(
                registration,
                {
                    "arrival_at": arrival,
                    "arrival_means": means,
                    "arrival_number": number,
                    "arrival_place": place,
                    "arrival_transfer": index % 3 != 2,
                    "departure_at": datetime.datetime.combine(
                        session.end_date, datetime.time(18 + index % 3, 0), tzinfo=zone
                    ),
                    "departure_means": means,
                    "departure_place": place,
                    "departure_transfer": index % 2 == 0,
                },
                by=SYSTEM,
            )
    return session, True
