//! Realistic demo content for the demo workspace.
//!
//! The demo workspace pretends to belong to a company that runs an online
//! shop, a small restaurant chain and a customer support desk. To make its
//! dashboards, word clouds and sentiment charts look like the real thing, the
//! demo seeder generates a few thousand survey responses from the data in this
//! module: open answers, first names, store ids and product line ids.
//!
//! Every open answer below was written by hand for the demo, in the four
//! languages the demo covers: English (`en`), Polish (`pl`), Hebrew (`he`) and
//! Persian (`fa`). They are meant to read like what customers really type into
//! a survey after a purchase, a support contact, a restaurant visit or a
//! website visit: short and long, polite and blunt, with the odd emoji, typo
//! or missing capital letter. None of them is taken from a data set.
//!
//! Each answer carries the [`Tone`] it was written with, so the seeder can pair
//! it with a score that fits (a happy comment with a 9 or 10, an angry one with
//! a 2).

/// Sentiment a demo answer was written with; used to pair it with a matching score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// The customer is happy.
    Positive,
    /// Neither happy nor unhappy, or a mix of both.
    Neutral,
    /// The customer is unhappy.
    Negative,
}

/// One hand-written open answer.
#[derive(Debug, Clone, Copy)]
pub struct DemoAnswer {
    /// Language code: `en`, `pl`, `he` or `fa`.
    pub lang: &'static str,
    /// Sentiment the answer was written with.
    pub tone: Tone,
    /// The answer itself, as the customer typed it.
    pub text: &'static str,
}

use Tone::{Negative, Neutral, Positive};

const fn en(tone: Tone, text: &'static str) -> DemoAnswer {
    DemoAnswer {
        lang: "en",
        tone,
        text,
    }
}

const fn pl(tone: Tone, text: &'static str) -> DemoAnswer {
    DemoAnswer {
        lang: "pl",
        tone,
        text,
    }
}

const fn he(tone: Tone, text: &'static str) -> DemoAnswer {
    DemoAnswer {
        lang: "he",
        tone,
        text,
    }
}

const fn fa(tone: Tone, text: &'static str) -> DemoAnswer {
    DemoAnswer {
        lang: "fa",
        tone,
        text,
    }
}

/// Hand-written open answers in English, Polish, Hebrew and Persian, grouped
/// by language and then by tone.
pub static OPEN_ANSWERS: &[DemoAnswer] = &[
    // ------------------------------------------------------------------
    // English, positive
    // ------------------------------------------------------------------
    en(
        Positive,
        "Delivery was super fast, ordered on Monday and had the shoes by Wednesday.",
    ),
    en(
        Positive,
        "Great quality jacket for the price. Fits perfectly.",
    ),
    en(
        Positive,
        "The girl at the checkout was really friendly and helped me find my size.",
    ),
    en(Positive, "Absolutely love it!! 😍"),
    en(
        Positive,
        "Support answered within 10 minutes and fixed the address on my order. Impressed.",
    ),
    en(
        Positive,
        "Food was hot, tasty and came out quickly even though the place was packed.",
    ),
    en(
        Positive,
        "Easy return, refund was on my card two days later. That's how it should be.",
    ),
    en(Positive, "best burger in town honestly"),
    en(
        Positive,
        "The website is clean and checkout took less than a minute. Apple Pay worked first time.",
    ),
    en(
        Positive,
        "Not bad at all, actually better than I expected for a budget backpack.",
    ),
    en(
        Positive,
        "Staff went out of their way to accommodate my son's nut allergy. Thank you so much.",
    ),
    en(
        Positive,
        "Very helpful agent, explained everything clearly and didn't rush me.",
    ),
    en(
        Positive,
        "Packaging was neat, no plastic waste, and the boots look exactly like the photos.",
    ),
    en(Positive, "great service, thanks 👍"),
    en(
        Positive,
        "I was nervous about ordering shoes online but the size guide was spot on.",
    ),
    en(
        Positive,
        "Tables were clean and so was the bathroom, which is rare. Will come back.",
    ),
    en(
        Positive,
        "The courier called before arriving and was very polite.",
    ),
    en(
        Positive,
        "Second order this month, still happy. Prices are fair and shipping is free over 50.",
    ),
    en(
        Positive,
        "Quick and painless. The chat bot handed me over to a real person right away.",
    ),
    en(
        Positive,
        "Our waiter remembered us from last time, nice touch.",
    ),
    en(
        Positive,
        "Really comfortable sneakers, I've done 15k steps a day in them with no blisters.",
    ),
    en(
        Positive,
        "Refund for the damaged item came without any arguing. Appreciate it.",
    ),
    en(Positive, "Excellent. Nothing to improve."),
    en(
        Positive,
        "The app finally remembers my card, which makes reordering so much easier.",
    ),
    en(
        Positive,
        "Lunch menu is good value and we were in and out in 35 minutes.",
    ),
    en(Positive, "Tracking updates were accurate to the hour."),
    en(
        Positive,
        "Had a problem with a promo code, support sorted it out and even gave me an extra 10% off. Super nice.",
    ),
    en(
        Positive,
        "Jacket is warm, waterproof and the zippers feel solid. Happy with it.",
    ),
    en(
        Positive,
        "friendly staff, good coffee, fast wifi. what else do you need",
    ),
    en(
        Positive,
        "Ordered late at night and it still shipped the next morning.",
    ),
    en(
        Positive,
        "Honestly one of the better customer service experiences I've had this year.",
    ),
    en(
        Positive,
        "The pasta was amazing and the portions are generous.",
    ),
    en(
        Positive,
        "Exchanging for a bigger size was simple, the new pair arrived in 2 days.",
    ),
    en(
        Positive,
        "Clear communication at every step, I always knew where my order was.",
    ),
    en(
        Positive,
        "Cheaper than the big stores and the quality is the same or better.",
    ),
    en(
        Positive,
        "The manager came over to check everything was fine. Lovely evening 🙂",
    ),
    en(
        Positive,
        "Paying by card at the table was quick, no waiting around for the bill.",
    ),
    en(
        Positive,
        "Site loads fast even on my old phone. Filters actually work.",
    ),
    en(
        Positive,
        "The agent followed up the next day to make sure the issue was fixed. Didn't expect that.",
    ),
    en(Positive, "Good stuff, would recommend to friends."),
    en(
        Positive,
        "Kids loved the pancakes, we loved that they came out before the kids got cranky 😂",
    ),
    en(
        Positive,
        "backpack is sturdy, lots of pockets, laptop fits fine. 10/10",
    ),
    en(
        Positive,
        "Staff were patient while I tried on five pairs. No pressure to buy.",
    ),
    en(Positive, "Arrived a day early and well packed. Thanks!"),
    en(
        Positive,
        "definately ordering again, the hoodie is sooo soft",
    ),
    en(
        Positive,
        "I had to change the delivery address after ordering because I was travelling for work. I expected a hassle, but the agent changed it in two minutes, sent me a confirmation email and the parcel turned up at my hotel the next afternoon. Genuinely great service, thank you to whoever handled my ticket.",
    ),
    // ------------------------------------------------------------------
    // English, neutral
    // ------------------------------------------------------------------
    en(Neutral, "ok, nothing special"),
    en(Neutral, "Delivery took 3 days as promised."),
    en(
        Neutral,
        "It was fine. Food was average, service was average.",
    ),
    en(
        Neutral,
        "The shoes are ok, a bit narrower than my usual size.",
    ),
    en(Neutral, "Got what I ordered."),
    en(Neutral, "Support solved the issue, it took about a day."),
    en(Neutral, "Prices are similar to other shops."),
    en(
        Neutral,
        "Website works, though I had to search a bit for the returns page.",
    ),
    en(Neutral, "Not sure yet, I've only worn the jacket twice."),
    en(
        Neutral,
        "Average wait, around 15 minutes for a table on Saturday.",
    ),
    en(Neutral, "Standard experience, no complaints and no wow."),
    en(
        Neutral,
        "Paid by card, received a receipt by email. All normal.",
    ),
    en(
        Neutral,
        "The agent was polite. The answer was what I expected.",
    ),
    en(Neutral, "Pizza was okay. Could use more sauce maybe."),
    en(Neutral, "meh, it's fine"),
    en(Neutral, "I only browsed, didn't buy anything this time."),
    en(
        Neutral,
        "Product matches the description. Packaging was basic.",
    ),
    en(
        Neutral,
        "Delivery was on time, the courier left it with a neighbour.",
    ),
    en(
        Neutral,
        "The place was busy but we got a table after a while.",
    ),
    en(Neutral, "Return process is clear, refund still pending."),
    en(Neutral, "Neither good nor bad, it's a backpack."),
    en(Neutral, "It does the job."),
    en(
        Neutral,
        "Colour is slightly different than on the screen, but that's normal with online shopping.",
    ),
    en(Neutral, "I'd probably buy again if there's a sale."),
    en(
        Neutral,
        "Took two messages to get an answer, but it was correct.",
    ),
    en(
        Neutral,
        "Menu hasn't changed in a while. Food is consistent though.",
    ),
    en(Neutral, "Shipping cost is the same as everywhere else."),
    en(Neutral, "The app is fine, I mostly use the website."),
    en(Neutral, "Came for coffee, coffee was coffee."),
    en(Neutral, "Hard to say, my husband did the ordering."),
    en(
        Neutral,
        "The store was quiet on a Tuesday morning, got served straight away.",
    ),
    en(Neutral, "Decent. 3 out of 5."),
    en(Neutral, "Nothing to add really."),
    en(
        Neutral,
        "Food was great but we waited ages, so overall so-so.",
    ),
    en(
        Neutral,
        "Ordered two pairs, kept one, returned the other. The return label was in the box, drop-off was easy, and the refund should arrive in 5-10 days according to the email. Nothing special to report either way.",
    ),
    // ------------------------------------------------------------------
    // English, negative
    // ------------------------------------------------------------------
    en(
        Negative,
        "Waited 50 minutes for our food and nobody apologised.",
    ),
    en(
        Negative,
        "Delivery was a week late and tracking said 'delivered' when it wasn't.",
    ),
    en(
        Negative,
        "The sole came off after two weeks. Not what I expect for this price.",
    ),
    en(
        Negative,
        "Support kept sending me copy-paste answers that didn't address my question.",
    ),
    en(Negative, "Still waiting for my refund, it's been 3 weeks!!"),
    en(
        Negative,
        "Rude staff at the counter, she rolled her eyes when I asked about sizes.",
    ),
    en(
        Negative,
        "Website crashed at payment and I got charged twice.",
    ),
    en(Negative, "not good. cold fries, soggy burger"),
    en(Negative, "Too expensive for what you get."),
    en(
        Negative,
        "The jacket looked nice online but the material feels cheap.",
    ),
    en(
        Negative,
        "Tables were sticky and the bin was overflowing. Please clean more often.",
    ),
    en(
        Negative,
        "I was on hold for 40 minutes and then the call dropped.",
    ),
    en(
        Negative,
        "Returns are a nightmare, you have to print a label and nobody has a printer anymore.",
    ),
    en(Negative, "wrong size sent, twice. seriously?"),
    en(Negative, "The app logs me out every time I open it."),
    en(
        Negative,
        "Ordered a vegetarian dish and it came with bacon. Not acceptable.",
    ),
    en(
        Negative,
        "Nobody told me the item was out of stock until 5 days after I paid.",
    ),
    en(
        Negative,
        "Courier threw the box over the fence. It was raining.",
    ),
    en(Negative, "The zipper broke on day one 😡"),
    en(
        Negative,
        "Staff were friendly but the food was really bad, burnt and salty.",
    ),
    en(
        Negative,
        "Promo code didn't work and support said they couldn't do anything about it.",
    ),
    en(
        Negative,
        "The backpack strap ripped at the seam after a month of normal use.",
    ),
    en(
        Negative,
        "Way too loud, we couldn't hear each other. Waiter forgot our drinks.",
    ),
    en(
        Negative,
        "I had to explain my problem to three different people. Does nobody read the ticket history?",
    ),
    en(Negative, "Delivery fee is ridiculous for a 2 kg package."),
    en(
        Negative,
        "Checkout keeps asking me to create an account. Just let me pay as a guest.",
    ),
    en(
        Negative,
        "Food poisoning after the chicken salad. Never again.",
    ),
    en(
        Negative,
        "Shoes run two sizes small and the size chart is wrong.",
    ),
    en(
        Negative,
        "Prices went up again but the portions got smaller.",
    ),
    en(
        Negative,
        "Chat closed automatically while I was typing. Had to start from scratch.",
    ),
    en(
        Negative,
        "The product was clearly used, scuffs on the toe and someone else's receipt in the box.",
    ),
    en(Negative, "They say 'within 24h' and answered after 4 days."),
    en(
        Negative,
        "Card terminal didn't work, cash only, and no one warned us.",
    ),
    en(Negative, "Horrible experience, would not recommend."),
    en(
        Negative,
        "The wait for a table was ok but then we waited another 30 min just to order.",
    ),
    en(
        Negative,
        "Refund went to a card I cancelled and now nobody knows where the money is.",
    ),
    en(
        Negative,
        "Cheap stitching, loose threads everywhere. Returned it.",
    ),
    en(Negative, "The bathroom was dirty and there was no soap."),
    en(
        Negative,
        "Site is super slow and the filters reset every time I go back.",
    ),
    en(
        Negative,
        "Manager was dismissive when I complained. Zero empathy.",
    ),
    en(Negative, "not worth the money tbh"),
    en(
        Negative,
        "Parcel arrived damaged, half the box crushed, and the jacket had a stain on it.",
    ),
    en(
        Negative,
        "The confirmation email never came, I had no idea if the order went through.",
    ),
    en(
        Negative,
        "I like the brand but this time it was a total letdown.",
    ),
    en(
        Negative,
        "i recieved the wrong colour and noone answers my emails",
    ),
    en(
        Negative,
        "Booked a table for six for my mum's birthday, arrived on time and the booking had disappeared. We stood by the door for twenty minutes while staff argued about who made the mistake. Food was fine when it finally came, but the evening was ruined and nobody offered even a dessert as an apology.",
    ),
    // ------------------------------------------------------------------
    // Polish, positive
    // ------------------------------------------------------------------
    pl(Positive, "Przesyłka dotarła już następnego dnia, super!"),
    pl(
        Positive,
        "Buty bardzo wygodne, jakość świetna jak na tę cenę.",
    ),
    pl(
        Positive,
        "Bardzo miła obsługa, pani doradziła mi odpowiedni rozmiar.",
    ),
    pl(Positive, "Polecam z czystym sumieniem 👍"),
    pl(
        Positive,
        "Konsultant odpowiedział w kilka minut i od razu rozwiązał problem z zamówieniem.",
    ),
    pl(
        Positive,
        "Jedzenie pyszne, ciepłe i podane szybko, mimo że było pełno ludzi.",
    ),
    pl(
        Positive,
        "Zwrot bez problemu, pieniądze wróciły na konto po dwóch dniach.",
    ),
    pl(Positive, "najlepsze pierogi w mieście, serio"),
    pl(
        Positive,
        "Strona przejrzysta, płatność BLIK-iem zajęła chwilę.",
    ),
    pl(
        Positive,
        "Kurtka ciepła i nie przemaka, jestem bardzo zadowolona.",
    ),
    pl(
        Positive,
        "Kelner był bardzo uprzejmy i cierpliwy, bo długo nie mogliśmy się zdecydować.",
    ),
    pl(Positive, "Wszystko zgodne z opisem, dobrze zapakowane."),
    pl(
        Positive,
        "Świetny kontakt ze sklepem, na każdego maila dostałem odpowiedź tego samego dnia.",
    ),
    pl(Positive, "Czysto, przyjemnie, szybko. Na pewno wrócimy."),
    pl(
        Positive,
        "Plecak solidny, dużo kieszeni, laptop 15 cali wchodzi bez problemu.",
    ),
    pl(
        Positive,
        "Kurier zadzwonił przed przyjazdem i był bardzo miły.",
    ),
    pl(
        Positive,
        "Ceny niższe niż w galerii, a jakość ta sama albo lepsza.",
    ),
    pl(
        Positive,
        "Pani na infolinii bardzo pomocna, wszystko mi spokojnie wytłumaczyła.",
    ),
    pl(
        Positive,
        "Wymiana rozmiaru poszła sprawnie, nowa para przyszła po dwóch dniach.",
    ),
    pl(Positive, "Naprawdę smaczna zupa, porcje duże. Polecam!"),
    pl(
        Positive,
        "Aplikacja w końcu działa płynnie, zamawianie to teraz sama przyjemność.",
    ),
    pl(
        Positive,
        "Nie spodziewałem się, że tak szybko odpowiecie. Dzięki!",
    ),
    pl(
        Positive,
        "Obsługa na wysokim poziomie, czułam się mile widziana.",
    ),
    pl(
        Positive,
        "szybko, wygodnie, paczkomat pod blokiem i po sprawie",
    ),
    pl(
        Positive,
        "Buty do biegania to rewelacja, zero otarć po pierwszym treningu.",
    ),
    pl(
        Positive,
        "Mieliśmy problem z kodem rabatowym, ale obsługa szybko to naprawiła i jeszcze dała dodatkowy rabat. Bardzo miło!",
    ),
    pl(
        Positive,
        "Jestem stałą klientką i jeszcze nigdy się nie zawiodłam.",
    ),
    pl(
        Positive,
        "Menu lunchowe w dobrej cenie, a czas oczekiwania krótki.",
    ),
    pl(Positive, "Czyste toalety, miła muzyka, pyszna kawa ☕"),
    pl(
        Positive,
        "Paczka przyszła dzień wcześniej, niż zapowiadano.",
    ),
    pl(
        Positive,
        "Doradca w sklepie znał się na rzeczy i nie wciskał mi niczego na siłę.",
    ),
    pl(
        Positive,
        "Zamówienie złożone wieczorem, rano już było wysłane. Mega.",
    ),
    pl(
        Positive,
        "Konsultant sam zadzwonił następnego dnia, żeby sprawdzić, czy wszystko działa. Tego się nie spodziewałem.",
    ),
    pl(Positive, "Nie mam się do czego przyczepić."),
    pl(
        Positive,
        "Dzieci zachwycone naleśnikami, a my tym, że podano je szybko 😂",
    ),
    pl(
        Positive,
        "Jakość wykonania kurtki bardzo dobra, szwy równe, zamki chodzą lekko.",
    ),
    pl(
        Positive,
        "Zwrot pieniędzy za uszkodzony towar bez żadnej dyskusji. Szacunek.",
    ),
    pl(
        Positive,
        "Kierownik podszedł zapytać, czy wszystko smakuje. Miły gest.",
    ),
    pl(
        Positive,
        "Strona szybko się ładuje nawet na telefonie, filtry działają jak trzeba.",
    ),
    pl(
        Positive,
        "Bardzo fajny sklep, na pewno zamówię jeszcze raz.",
    ),
    pl(
        Positive,
        "Płatność kartą przy stoliku, bez czekania na rachunek. Wygodne.",
    ),
    pl(Positive, "Świetnie zapakowane, bez zbędnego plastiku."),
    pl(
        Positive,
        "Pan przy kasie bardzo sympatyczny, pożartował, doradził. Dzięki!",
    ),
    pl(
        Positive,
        "Tabela rozmiarów się zgadza, buty pasują idealnie.",
    ),
    pl(Positive, "dostawa szybka, jakosc tez spoko, polecam"),
    pl(Positive, "git, dzieki za szybka odpowiedz"),
    pl(
        Positive,
        "Musiałem zmienić adres dostawy już po złożeniu zamówienia, bo wyjechałem w delegację. Spodziewałem się problemów, a konsultantka zmieniła go w dwie minuty, przysłała potwierdzenie mailem i paczka dotarła do hotelu następnego dnia po południu. Naprawdę świetna obsługa, dziękuję!",
    ),
    // ------------------------------------------------------------------
    // Polish, neutral
    // ------------------------------------------------------------------
    pl(Neutral, "ok, nic szczególnego"),
    pl(Neutral, "Dostawa trwała 3 dni, tak jak obiecano."),
    pl(Neutral, "Jedzenie w porządku, ale bez rewelacji."),
    pl(Neutral, "Buty ok, trochę węższe, niż się spodziewałem."),
    pl(Neutral, "Dostałem to, co zamówiłem."),
    pl(
        Neutral,
        "Konsultant rozwiązał sprawę, zajęło to około doby.",
    ),
    pl(Neutral, "Ceny podobne jak w innych sklepach."),
    pl(
        Neutral,
        "Strona działa, choć zakładkę ze zwrotami trudno znaleźć.",
    ),
    pl(
        Neutral,
        "Na razie trudno powiedzieć, kurtkę założyłam dopiero dwa razy.",
    ),
    pl(
        Neutral,
        "Na stolik czekaliśmy jakieś 15 minut, w sobotę to chyba normalne.",
    ),
    pl(Neutral, "Standardowo. Bez zarzutów, ale i bez zachwytów."),
    pl(
        Neutral,
        "Zapłaciłem kartą, paragon przyszedł mailem. Wszystko normalnie.",
    ),
    pl(
        Neutral,
        "Pani była uprzejma, odpowiedź taka, jak się spodziewałem.",
    ),
    pl(Neutral, "Pizza poprawna, mogłoby być więcej sosu."),
    pl(Neutral, "tak średnio bym powiedział"),
    pl(Neutral, "Tylko przeglądałam, tym razem nic nie kupiłam."),
    pl(Neutral, "Produkt zgodny z opisem, opakowanie zwykłe."),
    pl(
        Neutral,
        "Kurier przyjechał na czas, paczkę zostawił u sąsiada.",
    ),
    pl(
        Neutral,
        "Było dużo ludzi, ale po chwili znalazł się stolik.",
    ),
    pl(Neutral, "Zwrot przyjęty, na pieniądze jeszcze czekam."),
    pl(Neutral, "Plecak jak plecak, spełnia swoją funkcję."),
    pl(Neutral, "Da się zjeść, ale bez szału."),
    pl(
        Neutral,
        "Kolor trochę inny niż na zdjęciu, ale przy zakupach online to normalne.",
    ),
    pl(Neutral, "Pewnie kupię jeszcze raz, jeśli będzie promocja."),
    pl(
        Neutral,
        "Odpowiedź przyszła dopiero po drugim mailu, ale była konkretna.",
    ),
    pl(
        Neutral,
        "Menu od dawna to samo, ale jedzenie zawsze na tym samym poziomie.",
    ),
    pl(Neutral, "Koszt wysyłki taki jak wszędzie."),
    pl(
        Neutral,
        "Aplikacja jest w porządku, ale i tak częściej korzystam ze strony.",
    ),
    pl(Neutral, "Przyszedłem na kawę, kawa jak kawa."),
    pl(Neutral, "Trudno mi ocenić, zamawiał mąż."),
    pl(
        Neutral,
        "We wtorek rano było pusto, obsłużono mnie od razu.",
    ),
    pl(Neutral, "Przeciętnie. 3 na 5."),
    pl(Neutral, "Nie mam nic do dodania."),
    pl(
        Neutral,
        "Jedzenie świetne, ale obsługa wolna, więc tak pół na pół.",
    ),
    pl(
        Neutral,
        "Zamówiłam dwie pary, jedną zostawiłam, drugą odesłałam. Etykieta zwrotna była w paczce, nadanie w paczkomacie poszło szybko, a według maila pieniądze wrócą w ciągu 5–10 dni. Nic szczególnego, ani na plus, ani na minus.",
    ),
    // ------------------------------------------------------------------
    // Polish, negative
    // ------------------------------------------------------------------
    pl(
        Negative,
        "Na jedzenie czekaliśmy 50 minut i nikt nawet nie przeprosił.",
    ),
    pl(
        Negative,
        "Paczka spóźniona o tydzień, a w śledzeniu od kilku dni widniał status „doręczona”.",
    ),
    pl(
        Negative,
        "Podeszwa odkleiła się po dwóch tygodniach. Nie polecam.",
    ),
    pl(
        Negative,
        "Konsultant odpisywał gotowymi formułkami, które nie miały nic wspólnego z moim pytaniem.",
    ),
    pl(Negative, "Czekam na zwrot pieniędzy już trzy tygodnie!!"),
    pl(
        Negative,
        "Niemiła pani przy kasie, przewracała oczami, kiedy pytałam o rozmiar.",
    ),
    pl(
        Negative,
        "Strona wysypała się przy płatności i pobrano mi pieniądze dwa razy.",
    ),
    pl(Negative, "nie polecam, frytki zimne a burger rozmiękły"),
    pl(Negative, "Za drogo jak na to, co się dostaje."),
    pl(
        Negative,
        "Na zdjęciu kurtka wyglądała dobrze, w rzeczywistości materiał jest tandetny.",
    ),
    pl(
        Negative,
        "Lepiące się stoliki i przepełniony kosz na śmieci. Posprzątajcie w końcu.",
    ),
    pl(
        Negative,
        "Wisiałem na infolinii 40 minut, a potem mnie rozłączyło.",
    ),
    pl(
        Negative,
        "Zwroty to koszmar, trzeba drukować etykietę, a kto dziś ma drukarkę?",
    ),
    pl(Negative, "dwa razy przysłali zły rozmiar. serio?"),
    pl(
        Negative,
        "Aplikacja wylogowuje mnie przy każdym uruchomieniu.",
    ),
    pl(
        Negative,
        "Zamówiłam danie wegetariańskie, a dostałam z boczkiem. Skandal.",
    ),
    pl(
        Negative,
        "Dopiero pięć dni po zapłacie dowiedziałem się, że towaru nie ma na stanie.",
    ),
    pl(Negative, "Kurier rzucił paczkę przez płot, a padał deszcz."),
    pl(Negative, "Zamek zepsuł się pierwszego dnia 😡"),
    pl(
        Negative,
        "Obsługa miła, ale jedzenie naprawdę słabe: przypalone i przesolone.",
    ),
    pl(
        Negative,
        "Kod rabatowy nie zadziałał, a obsługa stwierdziła, że nic nie może zrobić.",
    ),
    pl(
        Negative,
        "Pasek od plecaka urwał się po miesiącu normalnego używania.",
    ),
    pl(
        Negative,
        "Strasznie głośno, nie dało się rozmawiać. Kelner zapomniał o naszych napojach.",
    ),
    pl(
        Negative,
        "Musiałem opowiadać swoją historię trzem różnym osobom. Nikt nie czyta zgłoszeń?",
    ),
    pl(
        Negative,
        "Opłata za dostawę absurdalnie wysoka jak na paczkę, która waży 2 kg.",
    ),
    pl(
        Negative,
        "W koszyku ciągle każą zakładać konto. Dajcie zapłacić bez rejestracji.",
    ),
    pl(
        Negative,
        "Po sałatce z kurczakiem miałem zatrucie. Nigdy więcej.",
    ),
    pl(
        Negative,
        "Buty są o dwa rozmiary za małe, tabela rozmiarów kłamie.",
    ),
    pl(Negative, "Ceny znowu w górę, a porcje coraz mniejsze."),
    pl(
        Negative,
        "Czat sam się zamknął, kiedy pisałam wiadomość. Musiałam zaczynać od nowa.",
    ),
    pl(
        Negative,
        "Produkt ewidentnie używany, porysowany czubek i cudzy paragon w pudełku.",
    ),
    pl(
        Negative,
        "Miało być „do 24 godzin”, a odpowiedź przyszła po 4 dniach.",
    ),
    pl(
        Negative,
        "Terminal nie działał, tylko gotówka, i nikt nas wcześniej nie uprzedził.",
    ),
    pl(Negative, "Tragedia, omijać szerokim łukiem."),
    pl(
        Negative,
        "Na stolik czekaliśmy krótko, ale potem kolejne pół godziny na złożenie zamówienia.",
    ),
    pl(
        Negative,
        "Pieniądze zwrócono na zastrzeżoną kartę i teraz nikt nie wie, gdzie są.",
    ),
    pl(
        Negative,
        "Szwy krzywe, wszędzie wystające nitki. Odesłałam.",
    ),
    pl(Negative, "W toalecie brudno i nie było mydła."),
    pl(
        Negative,
        "Strona bardzo wolna, a filtry resetują się po każdym cofnięciu.",
    ),
    pl(
        Negative,
        "Kierownik zbył mnie, kiedy zgłosiłem reklamację. Zero empatii.",
    ),
    pl(Negative, "szkoda kasy, serio"),
    pl(
        Negative,
        "Paczka przyszła zgnieciona, a kurtka była poplamiona.",
    ),
    pl(
        Negative,
        "Nie dostałem maila z potwierdzeniem, nie wiedziałem, czy zamówienie w ogóle przeszło.",
    ),
    pl(
        Negative,
        "Lubię tę markę, ale tym razem totalne rozczarowanie.",
    ),
    pl(
        Negative,
        "zamowienie szlo 10 dni, nikt nie odpisywal na maile",
    ),
    pl(Negative, "obsluga tragiczna, nie polecam nikomu"),
    pl(
        Negative,
        "Zarezerwowaliśmy stolik dla sześciu osób na urodziny mamy, przyszliśmy punktualnie, a rezerwacji nie było w systemie. Staliśmy przy wejściu dwadzieścia minut, a obsługa kłóciła się, kto zawinił. Jedzenie w końcu było w porządku, ale wieczór zepsuty i nikt nie zaproponował nawet deseru na przeprosiny.",
    ),
    // ------------------------------------------------------------------
    // Hebrew, positive
    // ------------------------------------------------------------------
    he(Positive, "המשלוח הגיע תוך יומיים, ממש מהר!"),
    he(Positive, "נעליים נוחות מאוד, איכות מעולה ביחס למחיר."),
    he(
        Positive,
        "המוכרת הייתה מקסימה ועזרה לי למצוא את המידה הנכונה.",
    ),
    he(Positive, "ממליצה בחום 👍"),
    he(
        Positive,
        "נציג השירות ענה תוך כמה דקות ופתר את הבעיה בהזמנה.",
    ),
    he(
        Positive,
        "האוכל היה טעים וחם, והגיע מהר למרות שהמקום היה מלא.",
    ),
    he(Positive, "ההחזרה הייתה פשוטה, הכסף חזר לכרטיס אחרי יומיים."),
    he(Positive, "ההמבורגר הכי טוב בעיר, באמת"),
    he(Positive, "האתר נוח וברור, התשלום בביט לקח שניות."),
    he(Positive, "המעיל חם ולא נרטב בגשם, מאוד מרוצה."),
    he(
        Positive,
        "המלצר היה סבלני ונחמד, למרות שלקח לנו הרבה זמן להחליט.",
    ),
    he(Positive, "הכל הגיע בדיוק כמו בתמונות, ארוז יפה."),
    he(Positive, "תקשורת מצוינת, קיבלתי עדכון על כל שלב בהזמנה."),
    he(Positive, "נקי, נעים ומהיר. בטוח נחזור."),
    he(Positive, "התיק חזק, יש המון תאים והמחשב נכנס בקלות."),
    he(Positive, "השליח התקשר לפני שהגיע והיה אדיב מאוד."),
    he(
        Positive,
        "המחירים זולים יותר מאשר בקניון, והאיכות לא פחות טובה.",
    ),
    he(Positive, "הנציגה בטלפון הסבירה הכל בסבלנות, תודה רבה!"),
    he(
        Positive,
        "החלפתי מידה בלי שום בעיה, הזוג החדש הגיע תוך יומיים.",
    ),
    he(Positive, "מנות גדולות וטעימות. ממליץ!"),
    he(Positive, "האפליקציה סוף סוף עובדת חלק, כיף להזמין."),
    he(Positive, "לא ציפיתי לתשובה כל כך מהירה. כל הכבוד!"),
    he(Positive, "שירות ברמה גבוהה, הרגשתי שבאמת אכפת להם."),
    he(Positive, "אחלה שירות, תודה"),
    he(
        Positive,
        "נעלי הריצה פשוט מעולות, אפס שפשופים אחרי האימון הראשון.",
    ),
    he(
        Positive,
        "קוד ההנחה לא עבד, אבל הנציג סידר את זה מהר ואפילו נתן לי הנחה נוספת. מאוד נחמד.",
    ),
    he(Positive, "אני לקוחה קבועה ועוד אף פעם לא התאכזבתי."),
    he(Positive, "ארוחה עסקית משתלמת וזמן ההמתנה קצר."),
    he(Positive, "שירותים נקיים, מוזיקה נעימה, קפה מעולה ☕"),
    he(Positive, "החבילה הגיעה יום לפני הזמן."),
    he(Positive, "המוכר ידע על מה הוא מדבר ולא לחץ עליי לקנות."),
    he(Positive, "הזמנתי בלילה ובבוקר זה כבר יצא למשלוח. וואו."),
    he(
        Positive,
        "הנציג חזר אליי למחרת כדי לוודא שהכל עובד. לא ציפיתי לזה.",
    ),
    he(Positive, "אין לי על מה להתלונן."),
    he(
        Positive,
        "הילדים התלהבו מהפנקייקים, ואנחנו מזה שהם הגיעו מהר 😂",
    ),
    he(
        Positive,
        "התפרים ישרים, הרוכסנים חלקים, רואים שזה מוצר איכותי.",
    ),
    he(Positive, "קיבלתי זיכוי על מוצר פגום בלי ויכוחים. תודה."),
    he(Positive, "המנהל ניגש לשאול אם הכל בסדר. מחווה יפה."),
    he(Positive, "האתר נטען מהר גם בטלפון, והסינון עובד כמו שצריך."),
    he(Positive, "חנות מעולה, בטוח אזמין שוב."),
    he(Positive, "שילמנו בכרטיס ליד השולחן בלי לחכות לחשבון. נוח."),
    he(Positive, "אריזה מסודרת ובלי ניילון מיותר."),
    he(Positive, "הקופאי היה חמוד ומצחיק, עשה לי את היום."),
    he(Positive, "טבלת המידות מדויקת, הנעליים מושלמות."),
    he(Positive, "סבבה לגמרי, הגיע מהר"),
    he(Positive, "פצצה של מקום!! 🔥"),
    he(Positive, "מעולה ממש, שרות מהיר ואדיב"),
    he(
        Positive,
        "הייתי צריך לשנות את כתובת המשלוח אחרי שכבר הזמנתי, כי נסעתי לעבודה. ציפיתי לבלגן, אבל הנציגה שינתה את זה תוך שתי דקות, שלחה לי אישור במייל והחבילה הגיעה למלון כבר למחרת בצהריים. שירות מעולה באמת, תודה!",
    ),
    // ------------------------------------------------------------------
    // Hebrew, neutral
    // ------------------------------------------------------------------
    he(Neutral, "בסדר, שום דבר מיוחד"),
    he(Neutral, "המשלוח לקח 3 ימים כמו שהבטיחו."),
    he(Neutral, "האוכל היה סביר, לא יותר מזה."),
    he(Neutral, "הנעליים בסדר, קצת צרות ממה שציפיתי."),
    he(Neutral, "קיבלתי מה שהזמנתי."),
    he(Neutral, "הנציג פתר את הבעיה, זה לקח בערך יום."),
    he(Neutral, "המחירים דומים לחנויות אחרות."),
    he(Neutral, "האתר עובד, אבל לקח לי זמן למצוא את עמוד ההחזרות."),
    he(Neutral, "עדיין קשה לי להגיד, לבשתי את המעיל רק פעמיים."),
    he(
        Neutral,
        "חיכינו לשולחן בערך רבע שעה, בסוף שבוע זה כנראה נורמלי.",
    ),
    he(Neutral, "רגיל. בלי תלונות וגם בלי וואו."),
    he(
        Neutral,
        "שילמתי בכרטיס אשראי, הקבלה הגיעה במייל. הכל כרגיל.",
    ),
    he(Neutral, "הנציגה הייתה מנומסת, התשובה הייתה צפויה."),
    he(Neutral, "הפיצה הייתה סבירה, אולי קצת חסר רוטב."),
    he(Neutral, "ככה ככה, לא יותר"),
    he(Neutral, "רק הסתכלתי באתר, לא קניתי כלום הפעם."),
    he(Neutral, "המוצר תואם לתיאור, האריזה פשוטה."),
    he(Neutral, "השליח הגיע בזמן והשאיר את החבילה אצל השכנים."),
    he(Neutral, "היה עמוס, אבל אחרי כמה דקות התפנה שולחן."),
    he(Neutral, "ההחזרה אושרה, הכסף עוד לא חזר."),
    he(Neutral, "תיק זה תיק. עושה את העבודה."),
    he(
        Neutral,
        "הצבע קצת שונה מהתמונה, אבל זה נורמלי בקניות אונליין.",
    ),
    he(Neutral, "כנראה אקנה שוב אם יהיה מבצע."),
    he(
        Neutral,
        "קיבלתי תשובה רק אחרי פנייה שנייה, אבל היא הייתה עניינית.",
    ),
    he(Neutral, "התפריט לא השתנה מזמן, אבל האוכל תמיד באותה רמה."),
    he(Neutral, "דמי המשלוח כמו בכל מקום."),
    he(Neutral, "האפליקציה בסדר, אבל אני בדרך כלל משתמש באתר."),
    he(Neutral, "באתי לקפה, הקפה היה קפה."),
    he(Neutral, "קשה לי לדרג, בעלי הזמין."),
    he(Neutral, "ביום שלישי בבוקר היה ריק, קיבלו אותי מיד."),
    he(Neutral, "ממוצע. 3 מתוך 5."),
    he(Neutral, "אין לי מה להוסיף."),
    he(Neutral, "לא טוב ולא רע."),
    he(Neutral, "האוכל מעולה אבל השירות איטי, אז בסך הכל ככה ככה."),
    he(
        Neutral,
        "הזמנתי שני זוגות, השארתי אחד והחזרתי את השני. תווית ההחזרה הייתה בחבילה, המסירה בנקודת האיסוף הייתה פשוטה, ולפי המייל הזיכוי יגיע תוך 5 עד 10 ימי עסקים. שום דבר מיוחד לכאן או לכאן.",
    ),
    // ------------------------------------------------------------------
    // Hebrew, negative
    // ------------------------------------------------------------------
    he(Negative, "חיכינו 50 דקות לאוכל ואף אחד לא התנצל."),
    he(Negative, "המשלוח איחר בשבוע, ובמעקב כתוב שהוא נמסר מזמן."),
    he(Negative, "הסוליה התפרקה אחרי שבועיים. לא טוב בכלל."),
    he(
        Negative,
        "הנציג שלח לי תשובות מוכנות מראש שלא קשורות לשאלה שלי.",
    ),
    he(Negative, "כבר שלושה שבועות אני מחכה להחזר כספי!!"),
    he(
        Negative,
        "הקופאית הייתה חצופה וגלגלה עיניים כששאלתי על מידות.",
    ),
    he(Negative, "האתר קרס בתשלום וחייבו אותי פעמיים."),
    he(Negative, "לא טוב. צ'יפס קר והמבורגר ספוג"),
    he(Negative, "יקר מדי ביחס למה שמקבלים."),
    he(Negative, "באתר המעיל נראה מצוין, במציאות הבד מרגיש זול."),
    he(Negative, "שולחנות דביקים ופח זבל מלא. תנקו יותר."),
    he(Negative, "חיכיתי על הקו 40 דקות ואז השיחה התנתקה."),
    he(
        Negative,
        "ההחזרות זה סיוט, צריך להדפיס תווית, ולמי יש היום מדפסת?",
    ),
    he(Negative, "שלחו מידה לא נכונה פעמיים. ברצינות?"),
    he(Negative, "האפליקציה מנתקת אותי בכל פעם שאני פותח אותה."),
    he(
        Negative,
        "הזמנתי מנה צמחונית וקיבלתי אותה עם בייקון. לא מקובל.",
    ),
    he(
        Negative,
        "רק חמישה ימים אחרי התשלום הודיעו לי שהמוצר לא במלאי.",
    ),
    he(Negative, "השליח זרק את החבילה מעל הגדר, בגשם."),
    he(Negative, "הרוכסן נשבר כבר ביום הראשון 😡"),
    he(Negative, "הצוות נחמד, אבל האוכל היה ממש גרוע, שרוף ומלוח."),
    he(Negative, "קוד הקופון לא עבד והנציגה אמרה שאין מה לעשות."),
    he(Negative, "הרצועה של התיק נקרעה אחרי חודש של שימוש רגיל."),
    he(
        Negative,
        "רועש נורא, אי אפשר היה לדבר. המלצר שכח את השתייה שלנו.",
    ),
    he(
        Negative,
        "הייתי צריך להסביר את הבעיה לשלושה נציגים שונים. אף אחד לא קורא את ההיסטוריה?",
    ),
    he(Negative, "דמי משלוח מוגזמים לחבילה של 2 קילו."),
    he(
        Negative,
        "באתר מכריחים לפתוח חשבון כדי לשלם. תנו לקנות כאורח.",
    ),
    he(Negative, "קיבלתי הרעלת מזון אחרי סלט העוף. לעולם לא עוד."),
    he(Negative, "הנעליים קטנות בשתי מידות וטבלת המידות לא נכונה."),
    he(Negative, "המחירים עלו שוב והמנות קטנו."),
    he(
        Negative,
        "הצ'אט נסגר באמצע שכתבתי. הייתי צריכה להתחיל מההתחלה.",
    ),
    he(
        Negative,
        "המוצר היה משומש, עם שריטות וקבלה של מישהו אחר בקופסה.",
    ),
    he(Negative, "כתוב 'מענה תוך 24 שעות' וענו אחרי 4 ימים."),
    he(
        Negative,
        "מסוף האשראי לא עבד, רק מזומן, ואף אחד לא הודיע מראש.",
    ),
    he(Negative, "חוויה גרועה, לא ממליצה."),
    he(
        Negative,
        "על השולחן לא חיכינו הרבה, אבל אחר כך עוד חצי שעה רק כדי להזמין.",
    ),
    he(
        Negative,
        "ההחזר נשלח לכרטיס שביטלתי ועכשיו אף אחד לא יודע איפה הכסף.",
    ),
    he(Negative, "תפרים עקומים וחוטים בולטים בכל מקום. החזרתי."),
    he(Negative, "השירותים היו מלוכלכים ולא היה סבון."),
    he(
        Negative,
        "האתר איטי מאוד והסינון מתאפס כל פעם שחוזרים אחורה.",
    ),
    he(Negative, "המנהל זלזל בי כשהתלוננתי. אפס אמפתיה."),
    he(Negative, "חבל על הכסף"),
    he(Negative, "החבילה הגיעה מעוכה והיה כתם על המעיל."),
    he(
        Negative,
        "לא קיבלתי מייל אישור, לא ידעתי אם ההזמנה בכלל עברה.",
    ),
    he(
        Negative,
        "אני אוהב את המותג, אבל הפעם זו הייתה אכזבה מוחלטת.",
    ),
    he(
        Negative,
        "לא מומלץ בכלל, חיכיתי שבועיים ואף אחד לא עונה לטלפון",
    ),
    he(Negative, "ממש לא טוב, השרות היה זוועה"),
    he(
        Negative,
        "הזמנו שולחן לשישה ליום ההולדת של אמא, הגענו בזמן ופתאום אין הזמנה. עמדנו בכניסה עשרים דקות בזמן שהצוות התווכח מי אשם. האוכל בסוף היה בסדר, אבל הערב נהרס ואף אחד לא הציע אפילו קינוח כהתנצלות.",
    ),
    // ------------------------------------------------------------------
    // Persian, positive
    // ------------------------------------------------------------------
    fa(Positive, "سفارشم دو روزه رسید، خیلی سریع بود!"),
    fa(Positive, "کفش‌ها خیلی راحتن، کیفیتش نسبت به قیمت عالیه."),
    fa(
        Positive,
        "فروشنده خیلی خوش‌برخورد بود و کمکم کرد سایز درست رو پیدا کنم.",
    ),
    fa(Positive, "پیشنهاد می‌کنم 👍"),
    fa(
        Positive,
        "پشتیبانی ظرف چند دقیقه جواب داد و مشکل سفارشم رو حل کرد.",
    ),
    fa(
        Positive,
        "غذا داغ و خوشمزه بود و با اینکه رستوران شلوغ بود زود آوردن.",
    ),
    fa(
        Positive,
        "مرجوعی خیلی راحت بود، پولم دو روز بعد به کارتم برگشت.",
    ),
    fa(Positive, "بهترین کباب شهر، جدی میگم"),
    fa(
        Positive,
        "سایت ساده و مرتبه، پرداخت از درگاه چند ثانیه طول کشید.",
    ),
    fa(Positive, "کاپشن گرمه و زیر بارون خیس نمیشه، خیلی راضی‌ام."),
    fa(
        Positive,
        "گارسون خیلی صبور و مودب بود، با اینکه ما خیلی طولش دادیم.",
    ),
    fa(
        Positive,
        "همه چیز دقیقاً مثل عکس‌ها بود و بسته‌بندی تمیزی داشت.",
    ),
    fa(Positive, "اطلاع‌رسانی عالی بود، برای هر مرحله پیامک گرفتم."),
    fa(Positive, "تمیز، دلنشین و سریع. حتماً دوباره میایم."),
    fa(
        Positive,
        "کوله‌پشتی محکمه، کلی جیب داره و لپ‌تاپ راحت جا میشه.",
    ),
    fa(Positive, "پیک قبل از رسیدن زنگ زد و خیلی مودب بود."),
    fa(Positive, "قیمت‌ها از پاساژ ارزون‌تره و کیفیت هم کمتر نیست."),
    fa(
        Positive,
        "خانمی که پشت تلفن بود با حوصله همه چیز رو توضیح داد، ممنونم.",
    ),
    fa(
        Positive,
        "تعویض سایز بدون هیچ دردسری انجام شد، جفت جدید دو روزه رسید.",
    ),
    fa(Positive, "پرس‌ها بزرگ و خوشمزه. توصیه می‌کنم!"),
    fa(Positive, "اپلیکیشن بالاخره روون شده، سفارش دادن لذت‌بخشه."),
    fa(Positive, "انتظار نداشتم انقدر زود جواب بدید. دمتون گرم!"),
    fa(Positive, "برخوردشون عالی بود، حس کردم واقعاً براشون مهمم."),
    fa(Positive, "عالی بود، مرسی"),
    fa(
        Positive,
        "کفش ورزشی فوق‌العاده‌ست، بعد از اولین تمرین پام اصلاً زخم نشد.",
    ),
    fa(
        Positive,
        "کد تخفیف کار نمی‌کرد ولی پشتیبانی سریع درستش کرد و یه تخفیف اضافه هم داد. خیلی لطف کردن.",
    ),
    fa(Positive, "مشتری ثابتم و تا حالا هیچ وقت ناامید نشدم."),
    fa(Positive, "منوی ناهار به‌صرفه‌ست و معطلی کمه."),
    fa(Positive, "سرویس بهداشتی تمیز، موسیقی آروم، قهوه عالی ☕"),
    fa(Positive, "بسته یه روز زودتر از موعد رسید."),
    fa(
        Positive,
        "فروشنده کارش رو بلد بود و به زور چیزی بهم نفروخت.",
    ),
    fa(Positive, "شب سفارش دادم و صبح ارسال شده بود. عالی."),
    fa(
        Positive,
        "کارشناس پشتیبانی فرداش خودش تماس گرفت که ببینه مشکل حل شده یا نه. واقعاً انتظارش رو نداشتم.",
    ),
    fa(Positive, "هیچ ایرادی نداشت."),
    fa(
        Positive,
        "بچه‌ها عاشق پنکیک‌ها شدن، ما هم عاشق اینکه زود آوردن 😂",
    ),
    fa(Positive, "دوخت‌ها صاف و زیپ‌ها روونن، معلومه جنس باکیفیتیه."),
    fa(Positive, "بابت کالای معیوب بدون بحث پول رو برگردوندن. مرسی."),
    fa(
        Positive,
        "مدیر رستوران اومد پرسید همه چیز خوبه یا نه. حرکت قشنگی بود.",
    ),
    fa(
        Positive,
        "سایت روی موبایل هم سریع باز میشه و فیلترها درست کار می‌کنن.",
    ),
    fa(Positive, "فروشگاه خیلی خوبیه، حتماً باز هم خرید می‌کنم."),
    fa(
        Positive,
        "کارتخوان رو آوردن سر میز، منتظر صورتحساب نموندیم. راحت بود.",
    ),
    fa(Positive, "بسته‌بندی مرتب و بدون پلاستیک اضافه."),
    fa(Positive, "صندوقدار خیلی بامزه و خوش‌اخلاق بود، روزم رو ساخت."),
    fa(Positive, "جدول سایزها دقیقه، کفش دقیقاً اندازه‌م بود."),
    fa(
        Positive,
        "از خرید خود بسیار راضی هستم و کیفیت کالا مطابق توضیحات سایت بود.",
    ),
    fa(Positive, "ارسال سریع و بسته‌بندی عالی. سپاس از شما."),
    fa(Positive, "دمتون گرم، خیلی خفن بود 🔥"),
    fa(Positive, "بازم ازتون خرید میکنم، مرسی از پشتیبانی خوبتون"),
    fa(
        Positive,
        "بعد از ثبت سفارش مجبور شدم آدرس رو عوض کنم چون برای کار رفته بودم سفر. فکر می‌کردم کلی دردسر داره، ولی کارشناس پشتیبانی تو دو دقیقه آدرس رو تغییر داد، پیامک تأیید فرستاد و فردا ظهر بسته به هتل رسید. واقعاً ممنونم از کسی که پیگیری کرد.",
    ),
    // ------------------------------------------------------------------
    // Persian, neutral
    // ------------------------------------------------------------------
    fa(Neutral, "معمولی بود، چیز خاصی نداشت"),
    fa(Neutral, "ارسال همون‌طور که گفته بودن سه روز طول کشید."),
    fa(Neutral, "غذا بد نبود، ولی چیز خاصی هم نبود."),
    fa(
        Neutral,
        "کفش‌ها خوبن، فقط یه کم از چیزی که فکر می‌کردم تنگ‌ترن.",
    ),
    fa(Neutral, "همون چیزی که سفارش دادم رسید."),
    fa(Neutral, "پشتیبانی مشکل رو حل کرد، حدود یه روز طول کشید."),
    fa(Neutral, "قیمت‌ها مثل بقیه‌ی فروشگاه‌هاست."),
    fa(
        Neutral,
        "سایت کار می‌کنه، ولی صفحه‌ی مرجوعی رو سخت پیدا کردم.",
    ),
    fa(Neutral, "هنوز نمی‌تونم نظر بدم، فقط دو بار کاپشن رو پوشیدم."),
    fa(
        Neutral,
        "حدود یه ربع برای میز منتظر موندیم، آخر هفته طبیعیه.",
    ),
    fa(Neutral, "معمولی. نه شکایتی دارم نه تعریفی."),
    fa(
        Neutral,
        "با کارت پرداخت کردم، فاکتور ایمیل شد. همه چیز عادی بود.",
    ),
    fa(
        Neutral,
        "کارشناس مودب بود، جوابش همونی بود که انتظار داشتم.",
    ),
    fa(Neutral, "پیتزا قابل قبول بود، شاید یه کم سس بیشتر می‌خواست."),
    fa(Neutral, "بد نبود، همین"),
    fa(Neutral, "فقط سایت رو نگاه کردم، این دفعه چیزی نخریدم."),
    fa(Neutral, "کالا مطابق توضیحات بود، بسته‌بندی ساده."),
    fa(Neutral, "پیک به‌موقع اومد و بسته رو به همسایه داد."),
    fa(Neutral, "شلوغ بود ولی بعد از چند دقیقه میز خالی شد."),
    fa(Neutral, "مرجوعی تأیید شده، هنوز پولم برنگشته."),
    fa(Neutral, "کوله‌پشتیه دیگه، کارش رو می‌کنه."),
    fa(
        Neutral,
        "رنگش یه کم با عکس فرق داره، ولی تو خرید اینترنتی طبیعیه.",
    ),
    fa(Neutral, "اگه حراج باشه احتمالاً دوباره می‌خرم."),
    fa(Neutral, "بعد از پیام دوم جواب دادن، ولی جوابشون درست بود."),
    fa(Neutral, "منو خیلی وقته عوض نشده، ولی کیفیت غذا ثابته."),
    fa(Neutral, "هزینه‌ی ارسال مثل همه جاست."),
    fa(
        Neutral,
        "اپلیکیشن بد نیست، ولی من بیشتر از سایت استفاده می‌کنم.",
    ),
    fa(Neutral, "برای قهوه رفتم، قهوه هم قهوه بود دیگه."),
    fa(Neutral, "نمی‌دونم، همسرم سفارش داده بود."),
    fa(Neutral, "سه‌شنبه صبح خلوت بود، زود کارم راه افتاد."),
    fa(Neutral, "متوسط. ۳ از ۵."),
    fa(Neutral, "نظر خاصی ندارم."),
    fa(Neutral, "نه خوب بود نه بد."),
    fa(Neutral, "سفارش طبق زمان‌بندی اعلام‌شده تحویل داده شد."),
    fa(Neutral, "غذا عالی بود اما سرویس کند بود، در کل متوسط بود."),
    fa(
        Neutral,
        "دو جفت سفارش دادم، یکی رو نگه داشتم و اون یکی رو مرجوع کردم. برچسب مرجوعی توی بسته بود، تحویل دادنش راحت بود و طبق ایمیل پول ظرف ۵ تا ۱۰ روز کاری برمی‌گرده. نه نکته‌ی مثبت خاصی داشت نه منفی.",
    ),
    // ------------------------------------------------------------------
    // Persian, negative
    // ------------------------------------------------------------------
    fa(
        Negative,
        "پنجاه دقیقه منتظر غذا موندیم و هیچ‌کس عذرخواهی نکرد.",
    ),
    fa(
        Negative,
        "ارسال یه هفته تأخیر داشت و تو رهگیری نوشته بود تحویل شده.",
    ),
    fa(Negative, "زیره‌ی کفش بعد از دو هفته جدا شد. اصلاً خوب نبود."),
    fa(
        Negative,
        "پشتیبانی فقط جواب‌های آماده می‌فرستاد که ربطی به سؤال من نداشت.",
    ),
    fa(Negative, "سه هفته‌ست منتظر برگشت پولم هستم!!"),
    fa(
        Negative,
        "صندوقدار بی‌ادب بود و وقتی سایز پرسیدم چشم‌هاش رو چرخوند.",
    ),
    fa(Negative, "سایت موقع پرداخت قطع شد و دو بار از حسابم کم شد."),
    fa(Negative, "خوب نبود. سیب‌زمینی سرد، همبرگر خمیر"),
    fa(Negative, "در برابر چیزی که می‌گیری خیلی گرونه."),
    fa(Negative, "کاپشن تو عکس قشنگ بود ولی جنسش خیلی بی‌کیفیته."),
    fa(
        Negative,
        "میزها چسبناک و سطل زباله پر بود. لطفاً بیشتر تمیز کنید.",
    ),
    fa(Negative, "چهل دقیقه پشت خط موندم و آخرش تماس قطع شد."),
    fa(
        Negative,
        "مرجوع کردن کالا کابوسه، باید برچسب چاپ کنی، کی دیگه پرینتر داره؟",
    ),
    fa(Negative, "دو بار سایز اشتباه فرستادن. جدی؟"),
    fa(
        Negative,
        "اپلیکیشن هر بار که بازش می‌کنم از حسابم خارج میشه.",
    ),
    fa(
        Negative,
        "غذای گیاهی سفارش دادم ولی توش گوشت بود. اصلاً قابل قبول نیست.",
    ),
    fa(Negative, "پنج روز بعد از پرداخت تازه گفتن کالا موجود نیست."),
    fa(
        Negative,
        "پیک بسته رو از روی دیوار انداخت تو حیاط، اونم زیر بارون.",
    ),
    fa(Negative, "زیپش همون روز اول خراب شد 😡"),
    fa(
        Negative,
        "پرسنل خوش‌برخورد بودن ولی غذا واقعاً بد بود، سوخته و شور.",
    ),
    fa(
        Negative,
        "کد تخفیف کار نکرد و پشتیبانی گفت کاری از دستمون برنمیاد.",
    ),
    fa(Negative, "بند کوله بعد از یه ماه استفاده‌ی معمولی پاره شد."),
    fa(
        Negative,
        "خیلی شلوغ و پر سر و صدا بود، صدای همدیگه رو نمی‌شنیدیم. نوشیدنی‌هامون رو هم یادشون رفت.",
    ),
    fa(
        Negative,
        "مجبور شدم مشکلم رو برای سه نفر مختلف توضیح بدم. کسی سابقه‌ی تیکت رو نمی‌خونه؟",
    ),
    fa(
        Negative,
        "هزینه‌ی ارسال برای یه بسته‌ی دو کیلویی واقعاً زیاده.",
    ),
    fa(
        Negative,
        "سایت مجبورم می‌کنه حساب کاربری بسازم. بذارید مهمان خرید کنم.",
    ),
    fa(Negative, "بعد از سالاد مرغ مسموم شدم. دیگه هرگز."),
    fa(Negative, "کفش دو سایز کوچیک‌تره و جدول سایز اشتباهه."),
    fa(Negative, "قیمت‌ها باز رفت بالا ولی پرس‌ها کوچیک‌تر شد."),
    fa(
        Negative,
        "چت وسط نوشتنم بسته شد و مجبور شدم از اول شروع کنم.",
    ),
    fa(
        Negative,
        "کالا معلوم بود کارکرده‌ست، خط و خش داشت و فاکتور یکی دیگه توی جعبه بود.",
    ),
    fa(
        Negative,
        "گفتن تا ۲۴ ساعت جواب میدیم ولی بعد از ۴ روز جواب دادن.",
    ),
    fa(
        Negative,
        "کارتخوان کار نمی‌کرد، فقط نقدی، و هیچ‌کس از قبل نگفت.",
    ),
    fa(Negative, "تجربه‌ی خیلی بدی بود، به هیچ‌کس پیشنهاد نمی‌کنم."),
    fa(
        Negative,
        "برای میز زیاد منتظر نموندیم، ولی بعدش نیم ساعت طول کشید تا سفارش بگیرن.",
    ),
    fa(
        Negative,
        "پول رو به کارتی برگردوندن که باطل کرده بودم و حالا هیچ‌کس نمی‌دونه پول کجاست.",
    ),
    fa(
        Negative,
        "دوختش کج بود و همه جا نخ بیرون زده بود. پس فرستادم.",
    ),
    fa(Negative, "سرویس بهداشتی کثیف بود و صابون نداشت."),
    fa(
        Negative,
        "سایت خیلی کنده و فیلترها با هر بار برگشتن ریست میشن.",
    ),
    fa(Negative, "مدیر به شکایتم اهمیت نداد. هیچ همدلی‌ای نداشت."),
    fa(Negative, "حیف پولی که دادم"),
    fa(Negative, "بسته له شده رسید و روی کاپشن لک بود."),
    fa(
        Negative,
        "ایمیل تأیید نیومد، نمی‌دونستم اصلاً سفارشم ثبت شده یا نه.",
    ),
    fa(Negative, "برند رو دوست دارم ولی این دفعه واقعاً ناامید شدم."),
    fa(
        Negative,
        "متأسفانه کالای ارسالی با سفارش بنده مغایرت داشت و تا این لحظه پیگیری نشده است.",
    ),
    fa(Negative, "اصلا راضی نبودم، دیگه ازتون نمیخرم"),
    fa(
        Negative,
        "برای تولد مادرم میز شش‌نفره رزرو کرده بودیم، سر وقت رسیدیم ولی رزرو ما تو سیستم نبود. بیست دقیقه دم در ایستادیم و پرسنل سر اینکه تقصیر کیه بحث می‌کردن. غذا آخرش بد نبود، ولی شبمون خراب شد و هیچ‌کس حتی یه دسر به عنوان عذرخواهی پیشنهاد نداد.",
    ),
];

/// First names used for demo respondents, as `(language, name)` pairs.
pub static FIRST_NAMES: &[(&str, &str)] = &[
    ("en", "Emma"),
    ("en", "Oliver"),
    ("en", "Sophie"),
    ("en", "James"),
    ("en", "Charlotte"),
    ("en", "Jack"),
    ("en", "Amelia"),
    ("en", "Harry"),
    ("en", "Grace"),
    ("en", "Daniel"),
    ("en", "Chloe"),
    ("en", "Thomas"),
    ("en", "Lucy"),
    ("en", "Michael"),
    ("en", "Hannah"),
    ("pl", "Anna"),
    ("pl", "Piotr"),
    ("pl", "Katarzyna"),
    ("pl", "Tomasz"),
    ("pl", "Magdalena"),
    ("pl", "Krzysztof"),
    ("pl", "Agnieszka"),
    ("pl", "Paweł"),
    ("pl", "Małgorzata"),
    ("pl", "Michał"),
    ("pl", "Joanna"),
    ("pl", "Łukasz"),
    ("pl", "Zofia"),
    ("pl", "Jakub"),
    ("pl", "Ewa"),
    ("he", "נועה"),
    ("he", "יוסי"),
    ("he", "מיכל"),
    ("he", "איתי"),
    ("he", "תמר"),
    ("he", "אורי"),
    ("he", "שירה"),
    ("he", "דניאל"),
    ("he", "רותם"),
    ("he", "עומר"),
    ("he", "יעל"),
    ("he", "אביב"),
    ("he", "הילה"),
    ("he", "נדב"),
    ("he", "מאיה"),
    ("fa", "سارا"),
    ("fa", "علی"),
    ("fa", "مریم"),
    ("fa", "رضا"),
    ("fa", "فاطمه"),
    ("fa", "محمد"),
    ("fa", "زهرا"),
    ("fa", "حسین"),
    ("fa", "نگار"),
    ("fa", "امیر"),
    ("fa", "لیلا"),
    ("fa", "مهدی"),
    ("fa", "پریسا"),
    ("fa", "آرش"),
    ("fa", "نازنین"),
];

/// Store and location ids, passed to surveys as a link parameter
/// (for example `?store=warsaw-3`).
pub static STORES: &[&str] = &[
    "warsaw-3",
    "krakow-1",
    "gdansk-2",
    "tel-aviv-2",
    "haifa-1",
    "tehran-1",
    "shiraz-1",
    "london-5",
    "manchester-2",
    "berlin-2",
];

/// Product line ids, passed to surveys as a link parameter
/// (for example `?product=backpacks`).
pub static PRODUCTS: &[&str] = &[
    "shoes",
    "sneakers",
    "boots",
    "jackets",
    "backpacks",
    "hoodies",
    "jeans",
    "socks",
    "hats",
    "accessories",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const LANGS: [&str; 4] = ["en", "pl", "he", "fa"];
    const ARABIC_YEH: char = '\u{064A}';
    const ARABIC_KAF: char = '\u{0643}';
    const ZWNJ: char = '\u{200C}';

    fn count(lang: &str, tone: Tone) -> usize {
        OPEN_ANSWERS
            .iter()
            .filter(|a| a.lang == lang && a.tone == tone)
            .count()
    }

    fn is_hebrew_letter(c: char) -> bool {
        ('\u{05D0}'..='\u{05EA}').contains(&c)
    }

    fn is_arabic_script_letter(c: char) -> bool {
        matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}')
    }

    #[test]
    fn every_language_has_enough_answers_of_each_tone() {
        for lang in LANGS {
            let pos = count(lang, Tone::Positive);
            let neu = count(lang, Tone::Neutral);
            let neg = count(lang, Tone::Negative);
            assert!(pos >= 40, "{lang}: only {pos} positive answers");
            assert!(neu >= 30, "{lang}: only {neu} neutral answers");
            assert!(neg >= 40, "{lang}: only {neg} negative answers");
        }
    }

    #[test]
    fn only_known_languages_are_used() {
        for a in OPEN_ANSWERS {
            assert!(LANGS.contains(&a.lang), "unknown language {:?}", a.lang);
        }
        for (lang, name) in FIRST_NAMES {
            assert!(LANGS.contains(lang), "unknown language {lang:?} for {name}");
        }
    }

    #[test]
    fn texts_are_not_empty_and_not_too_long() {
        for a in OPEN_ANSWERS {
            assert!(!a.text.trim().is_empty(), "empty {} answer", a.lang);
            assert_eq!(a.text, a.text.trim(), "untrimmed answer: {:?}", a.text);
            let chars = a.text.chars().count();
            assert!(chars <= 400, "{chars} chars: {:?}", a.text);
        }
    }

    #[test]
    fn texts_are_unique() {
        let mut seen = HashSet::new();
        for a in OPEN_ANSWERS {
            assert!(seen.insert(a.text), "duplicate answer: {:?}", a.text);
        }
    }

    #[test]
    fn hebrew_texts_are_written_in_hebrew() {
        for a in OPEN_ANSWERS.iter().filter(|a| a.lang == "he") {
            assert!(
                a.text.chars().any(is_hebrew_letter),
                "not Hebrew: {:?}",
                a.text
            );
            // Modern everyday Hebrew is written without niqqud.
            assert!(
                !a.text
                    .chars()
                    .any(|c| ('\u{0591}'..='\u{05C7}').contains(&c)),
                "niqqud in: {:?}",
                a.text
            );
        }
    }

    #[test]
    fn persian_texts_use_persian_letters() {
        let mut zwnj_seen = false;
        for a in OPEN_ANSWERS.iter().filter(|a| a.lang == "fa") {
            assert!(
                a.text.chars().any(is_arabic_script_letter),
                "not in Arabic script: {:?}",
                a.text
            );
            assert!(!a.text.contains(ARABIC_YEH), "Arabic yeh in: {:?}", a.text);
            assert!(!a.text.contains(ARABIC_KAF), "Arabic kaf in: {:?}", a.text);
            zwnj_seen |= a.text.contains(ZWNJ);
        }
        assert!(
            zwnj_seen,
            "Persian answers should use the zero-width non-joiner"
        );
        for (lang, name) in FIRST_NAMES.iter().filter(|(lang, _)| *lang == "fa") {
            assert!(!name.contains(ARABIC_YEH), "{lang}: Arabic yeh in {name}");
            assert!(!name.contains(ARABIC_KAF), "{lang}: Arabic kaf in {name}");
        }
    }

    #[test]
    fn names_stores_and_products_are_usable() {
        for lang in LANGS {
            let names = FIRST_NAMES.iter().filter(|(l, _)| *l == lang).count();
            assert!(names >= 10, "{lang}: only {names} first names");
        }
        for ids in [STORES, PRODUCTS] {
            let unique: HashSet<_> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "duplicate id in {ids:?}");
            for id in ids {
                assert!(
                    !id.is_empty()
                        && id
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                    "not a url-safe id: {id:?}"
                );
            }
        }
    }
}
