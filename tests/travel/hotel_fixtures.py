"""Hotels, room blocks and travel plans for the tests of travel/ (hotels and transfers)."""

import datetime

from travel.models import Hotel, RoomBlock, RoomType, TravelLogistics


def open_logistics(session):
    return TravelLogistics.objects.get_or_create(session=session)[0]


def hotel_with_block(session, rooms=2, room_type=RoomType.SINGLE, **hotel_fields):
    fields = {
        "name_it": "Hotel Excelsior",
        "name_ru": "Отель «Эксцельсиор»",
        "name_en": "Excelsior Hotel",
        "address": "Via Roma 1, Bergamo",
        "stars": 4,
        "distance_m": 800,
    }
    fields.update(hotel_fields)
    hotel = Hotel.objects.create(session=session, **fields)
    block = RoomBlock.objects.create(
        hotel=hotel,
        room_type=room_type,
        rooms=rooms,
        first_night=session.start_date - datetime.timedelta(days=1),
        last_night=session.end_date,
        price="120.00",
    )
    return hotel, block


def stay(session):
    """Check-in the day before the session, check-out the day after it ends."""
    return {
        "check_in": session.start_date - datetime.timedelta(days=1),
        "check_out": session.end_date + datetime.timedelta(days=1),
    }
