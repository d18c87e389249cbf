"""Generate the labelled evaluation set for the text rules (TTL/DSC/TRM/CMP).

Writes benchmarks/eval_text/eval.jsonl: one listing per line with the canonical columns and
`expected` (the text-rule codes that must fire; empty for clean listings) and `kind`
(clean / tricky / violation). Deterministic (seeded).

The clean listings are written the way real marketplace titles are (brand + type + specs,
accessories 'for iPhone 15'), including the legitimate uses that naive word filters reject
('AAA battery', '1:1 aspect ratio', 'Cuban link chain', 'night vision camera', 'hot water
bottle', 'New Balance', Russian text next to English in descriptions). Violations are hand
written or made by changing one thing in a clean listing, so that every violation row tests
exactly the rule it is labelled with.

    python benchmarks/eval_text/make_eval.py
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

OUT = Path(__file__).with_name("eval.jsonl")
rng = random.Random(20261122)

# (group, category, brand, model, title, material, size, usage, specs, certificates, dangerous)
# material/size/usage are description facts; specs are extra 'Attribute: value' lines.
E, F, H, B, T, K = "electronics", "fashion", "home", "beauty", "toys", "kitchen"
CLEAN: list[dict] = []


def add(group, category, brand, model, title, material=None, size=None, usage=None, specs=(),
        certificates=None, dangerous="notDangerous", tricky=False):
    CLEAN.append(dict(group=group, category=category, brand=brand, model=model, title=title,  # noqa: C408
                      material=material, size=size, usage=usage, specs=list(specs),
                      certificates=certificates, dangerous_kind=dangerous, tricky=tricky))


ELEC_CERT = "CE, FCC, RoHS"
# --- phones and electronics
add(E, "Electronics > Mobile Phones", "Xiaomi", "Redmi Note 13", "Xiaomi Redmi Note 13 Smartphone 8GB+256GB 6.67 inch AMOLED 108MP Camera", None, None, "daily use, work and travel", ["Network: 4G LTE", "Battery: 5000mAh", "Package includes: phone, charger, cable"], ELEC_CERT, "withBattery")
add(E, "Electronics > Mobile Phones", "Samsung", "Galaxy A15", "Samsung Galaxy A15 Smartphone 4GB+128GB Dual SIM Blue", None, None, "everyday use", ["Screen: 6.5 inch", "Battery: 5000mAh"], ELEC_CERT, "withBattery")
add(E, "Electronics > Mobile Phones", "Realme", "C55", "Realme C55 Smart Phone 6GB RAM 128GB ROM 64MP Sunshower", None, None, "home, office and travel", ["Battery: 5000mAh", "Charging: 33W"], ELEC_CERT, "withBattery")
add(E, "Electronics > Power Banks", "Baseus", None, "Baseus 20000mAh Power Bank 22.5W USB-C PD Fast Charging Portable Charger", "ABS + PC", "15 x 7 x 2.5 cm", "travel, camping and commuting", ["Capacity: 20000mAh / 74Wh", "Output: USB-C 22.5W"], ELEC_CERT, "withBattery")
add(E, "Electronics > Power Banks", "Anker", "PowerCore 10K", "Anker PowerCore 10K Power Bank 10000mAh Slim Portable Charger 12W", "Aluminium alloy", "10 x 6 x 2 cm", "travel and daily carry", ["Capacity: 10000mAh"], ELEC_CERT, "withBattery")
add(E, "Electronics > Chargers", "Ugreen", "Nexode 65W", "Ugreen Nexode 65W GaN USB-C Charger 3 Ports Fast Wall Charger EU Plug", "PC fire-retardant shell", "6.6 x 3.2 x 3.2 cm", "home, office and travel", ["Input: 100-240V", "Output: 65W max"], ELEC_CERT)
add(E, "Electronics > Cables", "Generic", None, "USB-C to USB-C Cable 2m 100W Braided Fast Charging Cord", "Nylon braided, aluminium connectors", "length 2 m", "charging laptops, tablets and phones", ["Power: 100W (20V/5A)", "Data: 480Mbps"], None)
add(E, "Electronics > Cables", "Generic", None, "Lightning to USB-C Cable 1m MFi Certified for iPhone 14 13 12", "TPE", "length 1 m", "charging and syncing", ["Output: 20W PD"], None)
add(E, "Electronics > Storage", "SanDisk", "Ultra Flair", "SanDisk Ultra Flair 64GB USB 3.0 Flash Drive Metal Casing", "Metal casing", "3.9 x 1.2 x 0.6 cm", "storing documents, photos and music", ["Capacity: 64GB", "Interface: USB 3.0"], None)
add(E, "Electronics > Storage", "Kingston", "Canvas Select Plus", "Kingston Canvas Select Plus 128GB microSDXC Memory Card with SD Adapter", None, None, "phones, tablets and action cameras", ["Speed: up to 100MB/s", "Class: U1 A1 V10"], None)
add(E, "Electronics > Audio", "Xiaomi", "Redmi Buds 4 Lite", "Xiaomi Redmi Buds 4 Lite Wireless Earbuds Bluetooth 5.3 Black", None, None, "sports, commuting and calls", ["Bluetooth: 5.3", "Battery life: 20 hours with case"], ELEC_CERT, "withBattery")
add(E, "Electronics > Audio", "JBL", "Go 3", "JBL Go 3 Portable Bluetooth Speaker Waterproof IP67 Blue", None, None, "outdoor, beach and home", ["Battery: 5 hours playtime", "Output: 4.2W"], ELEC_CERT, "withBattery")
add(E, "Electronics > Audio", "Soundcore", "Life Q20", "Soundcore Life Q20 Hybrid Active Noise Cancelling Headphones Over Ear", None, None, "travel, office and home", ["Playtime: 40 hours", "Bluetooth: 5.0"], ELEC_CERT, "withBattery")
add(E, "Electronics > Cameras", "Tapo", "C200", "Tapo C200 Indoor Security Camera 1080P WiFi with Night Vision", None, None, "home security, baby and pet monitoring", ["Resolution: 1080P", "Night vision: up to 9 m"], ELEC_CERT, tricky=True)
add(E, "Electronics > Cameras", "70mai", "A400", "70mai Dash Cam A400 1440P Night Vision Car Camera with Parking Monitor", None, None, "recording in the car day and night", ["Resolution: 2560 x 1440", "Field of view: 145°"], ELEC_CERT, tricky=True)
add(E, "Electronics > Cameras", "Generic", None, "Trail Camera 24MP 1080P Night Vision Hunting Game Camera IP66", "ABS", "14 x 10 x 7 cm", "wildlife watching and garden monitoring", ["Trigger speed: 0.3 s"], ELEC_CERT, tricky=True)
add(E, "Electronics > Smart Watches", "Amazfit", "Bip 5", "Amazfit Bip 5 Smart Watch 1.91 inch Display GPS Fitness Tracker", None, None, "running, cycling and daily wear", ["Battery: up to 10 days"], ELEC_CERT, "withBattery")
add(E, "Electronics > Batteries", "Duracell", "Plus AAA", "Duracell Plus AAA Alkaline Batteries 1.5V Pack of 12", None, None, "remote controls, toys and clocks", ["Type: LR03 AAA", "Voltage: 1.5V"], None, "withBattery", tricky=True)
add(E, "Electronics > Batteries", "EBL", None, "EBL AA Rechargeable Batteries 2800mAh Ni-MH 8 Pack with AAA Charger", None, None, "cameras, game controllers and flashlights", ["Capacity: 2800mAh"], ELEC_CERT, "withBattery", tricky=True)
add(E, "Electronics > Accessories", "TP-Link", "Archer AX23", "TP-Link Archer AX23 AX1800 Dual Band WiFi 6 Router", None, None, "home and small office networks", ["Speed: 1201 Mbps (5 GHz) + 574 Mbps (2.4 GHz)"], ELEC_CERT)
add(E, "Electronics > Accessories", "Logitech", "M185", "Logitech M185 Wireless Mouse 2.4GHz with USB Nano Receiver Grey", None, None, "laptop and desktop use at home or office", ["Battery: 1 x AA (included)", "DPI: 1000"], ELEC_CERT, "withBattery")
add(E, "Electronics > Accessories", "Generic", None, "Mechanical Keyboard 87 Keys Hot Swappable RGB Backlit Red Switch", "ABS keycaps, aluminium plate", "36 x 13 x 4 cm", "gaming and typing at home or office", ["Connection: USB-C wired"], ELEC_CERT, tricky=True)
add(E, "Electronics > Projectors", "Generic", None, "Galaxy Projector Star Night Light with Bluetooth Speaker and Remote", "ABS", "13 x 13 x 12 cm", "bedroom, kids room and parties", ["Power: USB 5V"], ELEC_CERT, tricky=True)
# --- phone accessories (compatibility phrasing)
add(E, "Phone Accessories > Cases", "Spigen", "Ultra Hybrid", "Spigen Ultra Hybrid Case for iPhone 15 Pro Clear Shockproof Cover", "TPU bumper, polycarbonate back", "15.1 x 7.5 x 1.2 cm", "everyday protection for your phone", [], None, tricky=True)
add(E, "Phone Accessories > Cases", "ESR", "HaloLock", "ESR HaloLock Magnetic Case Compatible with iPhone 14 Pro Max", "TPU and PC", "16.3 x 7.9 x 1.2 cm", "daily protection and magnetic charging", [], None, tricky=True)
add(E, "Phone Accessories > Screen Protectors", "Generic", None, "Tempered Glass Screen Protector for Samsung Galaxy S24 Ultra 9H 2 Pack", "Tempered glass 9H", "16.3 x 7.8 cm", "protecting the screen from scratches", ["Hardness: 9H", "Thickness: 0.33 mm"], None, tricky=True)
add(E, "Phone Accessories > Screen Protectors", "Generic", None, "3D Curved Tempered Glass for Xiaomi 13 Pro Full Cover Film 2 Pcs", "Tempered glass", "16.2 x 7.4 cm", "screen protection", ["Hardness: 9H"], None, tricky=True)
add(E, "Phone Accessories > Watch Bands", "Generic", None, "Silicone Sport Band for Apple Watch Series 9 8 7 45mm 44mm Black", "Soft silicone, stainless steel pin", "fits wrists 14-20 cm", "sports, gym and daily wear", [], None, tricky=True)
add(E, "Phone Accessories > Watch Bands", "Generic", None, "22mm Leather Watch Strap Replacement for Samsung Galaxy Watch 6 Classic", "Genuine cowhide leather", "width 22 mm, length 19 cm", "business and casual wear", [], None, tricky=True)
add(E, "Phone Accessories > Holders", "Generic", None, "Car Phone Holder Magnetic Air Vent Mount for iPhone 15 and Galaxy S23", "Aluminium alloy and silicone", "7 x 6 x 4 cm", "hands-free navigation in the car", [], None, tricky=True)
add(E, "Phone Accessories > Cases", "Generic", None, "Protective Case for AirPods Pro 2 Silicone Cover with Keychain", "Silicone", "6.5 x 5 x 2.5 cm", "protecting the charging case", [], None, tricky=True)
add(E, "Video Games > Accessories", "Generic", None, "Charging Dock Stand for Nintendo Switch OLED Joy-Con Controllers", "ABS", "18 x 9 x 7 cm", "charging game controllers at home", [], ELEC_CERT, tricky=True)
add(E, "Phone Accessories", "Generic", None, "Replacement Remote Control for Amazon Fire TV Stick 4K with Voice", "ABS", "15 x 4 x 2 cm", "controlling your TV stick", [], ELEC_CERT, "withBattery", tricky=True)
add(E, "Phone Accessories", "Generic", None, "Wall Mount for Amazon Echo Dot 5th Gen Outlet Holder White", "ABS", "12 x 10 x 5 cm", "saving space on shelves and counters", [], None, tricky=True)
add(E, "Phone Accessories", "Generic", None, "Replacement Ear Tips for AirPods Pro 2 Memory Foam S M L 3 Pairs", "Memory foam", "S/M/L: 9/10/11 mm", "better seal and comfort while listening", [], None, tricky=True)
add(E, "Phone Accessories", "Generic", None, "Brush Heads Compatible with Philips Sonicare 4 Pack Replacement", "Nylon bristles, PP", "length 8 cm", "daily oral care", [], None, tricky=True)
add(E, "Phone Accessories", "Generic", None, "Replacement Filter for Dyson V8 V7 Vacuum Cleaner 2 Pack Washable", "HEPA filter material", "9 x 6 x 6 cm", "keeping your vacuum cleaner efficient", [], None, tricky=True)
add(E, "Phone Accessories", "Generic", None, "Protective Sleeve for MacBook Air 13 inch M2 Laptop Bag", "Neoprene", "35 x 25 x 2 cm", "carrying your laptop to school or office", [], None, tricky=True)
# --- fashion
add(F, "Women's Clothing > Dresses", "Generic", None, "Women's Summer Floral Midi Dress Short Sleeve V Neck Beach Sundress", "100% Viscose", "S: bust 88 cm, length 118 cm; M: bust 92 cm, length 119 cm; L: bust 96 cm, length 120 cm", "beach, holidays and daily wear")
add(F, "Women's Clothing > Dresses", "Generic", None, "Women Elegant Satin Slip Dress Spaghetti Strap Maxi Evening Gown Champagne", "95% Polyester, 5% Elastane", "S: bust 84 cm, length 140 cm; M: bust 88 cm; L: bust 92 cm", "parties, weddings and evening events", tricky=True)
add(F, "Women's Clothing > Tops", "Generic", None, "Women's Cotton Linen Button Down Shirt Long Sleeve Loose Blouse White", "55% Linen, 45% Cotton", "S-XL; M: bust 108 cm, length 70 cm", "office, travel and casual wear")
add(F, "Men's Clothing > T-Shirts", "Generic", None, "Men's Basic Crew Neck T-Shirt 100% Cotton Short Sleeve Black 3 Pack", "100% Cotton", "M: chest 104 cm, length 71 cm; L: chest 110 cm, length 73 cm", "daily wear, sports and sleeping")
add(F, "Men's Clothing > Jeans", "Generic", None, "Men's Slim Fit Stretch Jeans Classic Denim Pants Dark Blue", "98% Cotton, 2% Elastane", "waist 76-96 cm, inseam 81 cm", "work and casual wear")
add(F, "Women's Clothing > Sweaters", "Generic", None, "Women's Oversized Cable Knit Sweater Crew Neck Pullover Jumper Beige", "60% Acrylic, 40% Wool", "One size: bust 120 cm, length 66 cm", "autumn and winter days")
add(F, "Men's Clothing > Jackets", "Generic", None, "Men's Military Style Field Jacket Cotton Cargo Coat Army Green", "100% Cotton twill", "M: chest 112 cm, length 72 cm; L: chest 118 cm", "outdoor, hiking and casual wear", tricky=True)
add(F, "Men's Clothing > Vests", "Generic", None, "Tactical Molle Vest Outdoor Hunting Fishing Adjustable Camouflage", "600D Oxford cloth", "adjustable, chest 90-130 cm", "hunting, fishing and paintball games", tricky=True)
add(F, "Men's Clothing > Shirts", "Generic", None, "Men's Cuban Collar Shirt Short Sleeve Summer Hawaiian Shirt Floral", "100% Rayon", "M: chest 112 cm, length 74 cm", "beach, holidays and summer parties", tricky=True)
add(F, "Women's Clothing > Leggings", "Generic", None, "High Waist Yoga Leggings for Women Tummy Control Workout Pants", "75% Nylon, 25% Spandex", "S: waist 60 cm, hip 84 cm; M: waist 66 cm", "yoga, gym and running")
add(F, "Underwear > Socks", "Generic", None, "Men's Cotton Crew Socks 10 Pairs Breathable Athletic EU 39-46", "80% Cotton, 17% Polyamide, 3% Elastane", "EU 39-46, foot length 24-29 cm", "sports and everyday wear")
add(F, "Women's Clothing > Pajamas", "Generic", None, "Women's Silk Satin Pajama Set Long Sleeve Button Sleepwear Two Piece", "95% Polyester, 5% Spandex", "S: bust 100 cm; M: bust 104 cm; L: bust 108 cm", "sleeping and lounging at home")
add(F, "Kids' Clothing", "Generic", None, "Baby Boys Romper Newborn Cotton Short Sleeve Bodysuit 0-3 Months", "100% Cotton", "0-3 months: length 52 cm; 3-6 months: length 58 cm", "daily wear for babies")
add(F, "Accessories > Hats", "Generic", None, "Unisex Knitted Beanie Hat Winter Warm Cuffed Skull Cap Grey", "100% Acrylic", "head circumference 54-60 cm", "cold weather, skiing and walking")
add(F, "Accessories > Scarves", "Generic", None, "Women's Silk Square Neck Scarf 70 x 70 cm Floral Print", "100% Mulberry silk", "70 x 70 cm", "daily outfits, parties and gifts")
add(F, "Women's Clothing > Wigs", "Generic", None, "Synthetic Wig Long Wavy Heat Resistant Fiber for Women Brown", "Heat resistant synthetic fibre", "length 65 cm, cap 54-58 cm", "daily wear, cosplay and parties", tricky=True)
# shoes
add(F, "Shoes > Sneakers", "New Balance", "574", "New Balance 574 Men's Sneakers Suede Running Shoes Grey", "Upper: suede and mesh; Sole: rubber", "EU 40-45; foot length 25-29 cm", "running, walking and daily wear", tricky=True)
add(F, "Shoes > Sneakers", "Generic", None, "Women's Platform Sneakers Lace Up Canvas Shoes White", "Upper: canvas; Sole: rubber", "EU 35-40, foot length 22.5-25 cm", "walking, school and casual wear")
add(F, "Shoes > Boots", "Generic", None, "Women's Ankle Boots Chunky Heel Side Zip Faux Leather Booties Black", "Upper: PU leather; Lining: polyester; Sole: TPR", "EU 36-41, heel height 6 cm", "autumn and winter outfits")
add(F, "Shoes > Sandals", "Generic", None, "Men's Leather Sandals Open Toe Summer Beach Slides Brown", "Upper: cowhide leather; Sole: EVA", "EU 39-46, foot length 24.5-29 cm", "beach, pool and summer walks")
add(F, "Shoes > Slippers", "Generic", None, "Women's Fluffy Faux Fur Slippers Memory Foam House Shoes", "Faux fur upper, memory foam insole, rubber sole", "EU 36-41, foot length 22.5-26 cm", "indoor use at home", tricky=True)
# bags
add(F, "Bags > Backpacks", "Generic", None, "Laptop Backpack 15.6 inch Waterproof Travel Bag with USB Charging Port", "Oxford cloth, polyester lining", "45 x 30 x 15 cm", "travel, business and school")
add(F, "Bags > Handbags", "Generic", None, "Women's Small Crossbody Shoulder Bag Faux Leather with Chain Strap", "PU leather, polyester lining", "22 x 14 x 7 cm, strap 120 cm", "shopping, dating and daily use", tricky=True)
add(F, "Bags > Wallets", "Generic", None, "Men's RFID Blocking Leather Wallet Slim Bifold Card Holder Brown", "Genuine cowhide leather", "11.5 x 9 x 1.5 cm", "daily carry and travel")
add(F, "Bags > Travel", "Generic", None, "Packing Cubes Set of 6 Lightweight Luggage Organizer Bags", "Polyester, mesh top", "large 40 x 30 x 10 cm; medium 30 x 25 x 10 cm", "travel and suitcase organising")
# jewellery
add(F, "Jewelry > Necklaces", "Generic", None, "Cuban Link Chain Necklace 18K Gold Plated Stainless Steel 6mm for Men", "Stainless steel, 18K gold plating", "length 50 cm, width 6 mm", "daily wear, parties and gifts", tricky=True)
add(F, "Jewelry > Bracelets", "Generic", None, "Miami Cuban Link Bracelet Silver Tone 8mm Hip Hop Jewelry", "Zinc alloy with silver plating", "length 20 cm, width 8 mm", "parties and daily wear", tricky=True)
add(F, "Jewelry > Earrings", "Generic", None, "925 Sterling Silver Hoop Earrings for Women Small Huggie Hoops", "925 sterling silver", "diameter 12 mm", "daily wear, office and gifts")
add(F, "Jewelry > Rings", "Generic", None, "Adjustable Open Moissanite Solitaire Ring Rose Gold Plated", "Copper, rose gold plating, moissanite stone", "adjustable, fits sizes 6-9 (inner diameter 16.5-19 mm)", "engagements, anniversaries and gifts")
add(F, "Jewelry > Necklaces", "Generic", None, "Best Friend Necklaces for 2 Matching Heart Pendant Friendship Jewelry", "Alloy with silver plating", "chain length 45 cm + 5 cm extender", "gifts for friends and birthdays", tricky=True)
add(F, "Jewelry > Brooches", "Generic", None, "Vintage Imitation Pearl Brooch Pin for Women Flower Rhinestone", "Alloy, imitation pearls, rhinestones", "5 x 4 cm", "coats, scarves and weddings", tricky=True)
# --- home and kitchen
add(H, "Home > Bedding", "Generic", None, "Hot Water Bottle 2L with Knitted Cover Natural Rubber Warm Bag", "Natural rubber bottle, acrylic knit cover", "33 x 20 cm", "keeping warm in bed and easing cold feet", dangerous="notDangerous", tricky=True)
add(H, "Home > Bedding", "Generic", None, "Bamboo Viscose Bed Sheet Set Queen 4 Piece Deep Pocket Cooling Sheets", "100% Viscose from bamboo", "flat sheet 230 x 260 cm; fitted 160 x 200 x 35 cm", "bedroom, hot sleepers and guest rooms", tricky=True)
add(H, "Home > Bedding", "Generic", None, "Velvet Throw Pillow Covers 45 x 45 cm Set of 4 Decorative Cushion Cases", "100% Polyester velvet", "45 x 45 cm", "sofa, bed and living room decor")
add(H, "Home > Curtains", "Generic", None, "Blackout Curtains for Bedroom Thermal Insulated 2 Panels 140 x 245 cm", "100% Polyester", "140 x 245 cm per panel", "bedroom and living room")
add(H, "Home > Bath", "Generic", None, "Turkish Cotton Bath Towels Set of 4 Quick Dry Soft Absorbent", "100% Turkish cotton, 600 GSM", "70 x 140 cm", "bathroom, gym and beach")
add(H, "Home > Decor", "Generic", None, "Photo Frame Set 1:1 Square Picture Frames 20 x 20 cm Black 6 Pack", "MDF wood frame, acrylic glass", "20 x 20 cm (photo 15 x 15 cm)", "displaying square prints on walls and desks", tricky=True)
add(H, "Home > Decor", "Generic", None, "LED Fairy String Lights 10m 100 LEDs Warm White USB Powered", "Copper wire, PVC", "length 10 m", "bedroom, Christmas and party decoration", ["Power: 5V USB"], ELEC_CERT)
add(H, "Home > Lighting", "Philips", "Hue White E27", "Philips Hue White E27 LED Bulb 9W 806lm 2700K Smart Light 2 Pack", "Plastic, glass", "6 x 11 cm", "living rooms and bedrooms", ["Power: 9W", "Base: E27"], ELEC_CERT)
add(H, "Home > Lighting", "Generic", None, "Rechargeable LED Desk Lamp 5W Touch Dimmable Eye Caring Reading Light", "ABS + aluminium", "height 40 cm, base 12 cm", "reading, studying and office work", ["Battery: 2000mAh", "Power: 5W"], ELEC_CERT, "withBattery")
add(H, "Home > Storage", "Generic", None, "Foldable Storage Boxes with Lids 3 Pack Fabric Closet Organizer Bins", "Non-woven fabric, cardboard", "38 x 25 x 25 cm", "organising clothes, toys and books at home")
add(H, "Home > Tools", "Generic", None, "Precision Screwdriver Set 25 in 1 Magnetic Phillips #1 #2 Torx Bits", "Chrome vanadium steel", "case 16 x 8 x 3 cm", "repairing phones, laptops and glasses", tricky=True)
add(H, "Home > Tools", "Generic", None, "Hot Glue Gun 20W with 30 Sticks for Crafts and DIY", "ABS body", "gun 17 x 14 cm; sticks 7 x 100 mm", "arts and crafts, DIY repairs and school projects", ["Power: 20W", "Plug: EU"], ELEC_CERT, tricky=True)
add(H, "Home > Tools", "Generic", None, "Heat Gun 2000W Hot Air Tool with 4 Nozzles for Shrink Wrap and Paint Stripping", "Metal and ABS", "25 x 22 x 8 cm", "stripping paint, bending pipes and shrink wrapping", ["Power: 2000W", "Temperature: 50-600°C"], ELEC_CERT, tricky=True)
add(H, "Home > Garden", "Generic", None, "Garden Hose Spray Gun 8 Patterns High Pressure Water Nozzle", "ABS and zinc alloy", "17 x 12 cm", "watering plants, washing cars and cleaning patios", tricky=True)
add(H, "Home > Office", "Generic", None, "Dotted Bullet Journal A5 Hardcover Notebook 160 Pages", "Hardcover, 120 GSM paper", "21 x 14.5 cm", "planning, journaling and sketching", tricky=True)
add(H, "Home > Office", "Generic", None, "2025 Wall Calendar Monthly Planner 30 x 30 cm Botanical Design", "300 GSM paper", "30 x 30 cm", "home, office and kitchen planning", tricky=True)
add(H, "Home > Decor", "Generic", None, "Ivory White Ceramic Vase Set of 3 Modern Minimalist Flower Vases", "Ceramic", "heights 15, 20 and 25 cm", "living room, dining table and weddings", tricky=True)
add(K, "Kitchen > Cookware", "Generic", None, "Non-Stick Frying Pan 28 cm Granite Coating Induction Compatible", "Aluminium with granite coating", "diameter 28 cm, depth 5 cm", "frying eggs, steak and vegetables at home")
add(K, "Kitchen > Food Storage", "Generic", None, "Glass Food Storage Containers with Lids Set of 5 Meal Prep Boxes 1040ml", "Borosilicate glass, PP lids", "1040 ml, 20 x 15 x 7 cm", "meal prep, lunches and leftovers")
add(K, "Kitchen > Drinkware", "Generic", None, "Stainless Steel Water Bottle 750ml Insulated Keeps Drinks Hot 12 Hours", "18/8 stainless steel", "750 ml, height 26 cm", "gym, hiking and office", tricky=True)
add(K, "Kitchen > Drinkware", "Generic", None, "Crystal Red Wine Glasses Set of 6 450ml", "Lead-free crystal glass", "450 ml, height 22 cm", "dinner parties, weddings and home bar", tricky=True)
add(K, "Kitchen > Tools", "Generic", None, "Apple Slicer and Corer Stainless Steel 8 Blades Fruit Cutter", "Stainless steel, PP handle", "diameter 10 cm", "cutting apples and pears in the kitchen", tricky=True)
add(K, "Kitchen > Tools", "Generic", None, "Kitchen Knife Set 5 Pieces with Block Stainless Steel", "German stainless steel, pakkawood handles", "chef knife blade 20 cm", "cooking at home", tricky=True)
add(K, "Kitchen > Tools", "Generic", None, "Silicone Baking Mat Set of 3 Non-Stick Oven Liners 42 x 29.5 cm", "Food grade silicone, fibreglass", "42 x 29.5 cm", "baking cookies and bread")
add(K, "Kitchen > Drinkware", "Generic", None, "Whiskey Stones Set of 9 Granite Chilling Rocks with Velvet Pouch", "Granite", "2 x 2 x 2 cm each", "chilling drinks at home bar and parties", tricky=True)
# --- beauty
add(B, "Beauty > Skin Care", "The Ordinary", "Niacinamide 10%", "The Ordinary Niacinamide 10% + Zinc 1% Face Serum 30ml", None, None, "daily skin care routine, morning and evening", ["Capacity: 30ml", "Ingredients: Aqua, Niacinamide, Zinc PCA, Pentylene Glycol"], "CPNP", "liquid")
add(B, "Beauty > Skin Care", "CeraVe", "Moisturising Cream", "CeraVe Moisturising Cream for Dry Skin 454g with Ceramides", None, None, "face and body, daily use", ["Capacity: 454g", "Ingredients: Aqua, Glycerin, Cetearyl Alcohol, Ceramide NP"], "CPNP", "liquid")
add(B, "Beauty > Makeup", "Maybelline", "Lash Sensational", "Maybelline Lash Sensational Mascara Very Black 9.5ml", None, None, "everyday makeup", ["Capacity: 9.5ml"], "CPNP", "liquid")
add(B, "Beauty > Hair Care", "Generic", None, "Argan Oil Serum 100ml for Frizzy and Dry Hair", None, None, "after washing, on damp or dry hair", ["Capacity: 100ml", "Ingredients: Cyclopentasiloxane, Argania Spinosa Kernel Oil"], "CPNP, MSDS", "liquid")
add(B, "Beauty > Tools", "Generic", None, "Makeup Brush Set 14 Pcs Synthetic Kabuki Foundation Powder Brushes", "Synthetic fibre, wooden handles, aluminium ferrule", "lengths 13-18 cm", "applying foundation, powder and eyeshadow", [], None, tricky=True)
add(B, "Beauty > Tools", "Generic", None, "Hot Air Brush One Step Hair Dryer and Volumizer 1000W Negative Ion", "ABS, nylon bristles", "length 33 cm", "drying and styling hair at home", ["Power: 1000W", "Plug: EU"], ELEC_CERT, tricky=True)
# --- toys
add(T, "Toys > Building Blocks", "Generic", None, "Magnetic Building Blocks 64 Pcs STEM Construction Set for Kids 3+", "ABS plastic, magnets", "squares 7.5 x 7.5 cm", "learning and play at home or kindergarten", [], "EN71, CE")
add(T, "Toys > Plush", "Generic", None, "Plush Sloth Stuffed Animal 40 cm Soft Cuddly Toy Gift for Kids", "Polyester plush, PP cotton filling", "40 cm", "cuddling, bedtime and gifts", [], "EN71, CE")
add(T, "Toys > Outdoor", "Generic", None, "Water Gun 2 Pack 600ml Super Soaker Squirt Guns for Kids Pool Toys", "ABS plastic", "35 x 18 cm, tank 600 ml", "pool, beach and summer parties", [], "EN71, CE", tricky=True)
add(T, "Toys > Outdoor", "Generic", None, "Foam Dart Blaster Toy with 20 Soft Darts for Kids 8+", "ABS, EVA foam darts", "length 42 cm", "indoor and outdoor play", [], "EN71, CE", tricky=True)
add(T, "Toys > Puzzles", "Generic", None, "Jigsaw Puzzle 1000 Pieces for Adults Landscape 70 x 50 cm", "Recycled cardboard", "70 x 50 cm", "family time and relaxation at home", [], "EN71, CE")
add(T, "Toys > RC", "Generic", None, "Remote Control Car 1:16 Scale 4WD Off Road RC Truck 2.4GHz", "ABS, rubber tyres", "28 x 18 x 12 cm", "outdoor play for kids and adults", ["Battery: 7.4V 1200mAh Li-ion"], "EN71, CE, FCC", "withBattery", tricky=True)
add(T, "Toys > Model Kits", "Generic", None, "Replica Ship Model Kit 1:100 Wooden Sailing Boat Assembly", "Basswood, metal fittings", "70 x 25 x 50 cm", "hobby building and display", [], "EN71, CE", tricky=True)
add(T, "Toys > Educational", "Generic", None, "Foam Nunchaku Training Set for Kids 6+ Martial Arts Practice Toy", "EVA foam, nylon cord", "foam sticks 30 cm", "safe martial arts practice", [], "EN71, CE", tricky=True)
# --- misc tricky legit
add(H, "Home > Pets", "Generic", None, "Hamster Wheel Silent 21 cm for Syrian Hamsters and Gerbils", "PP plastic", "diameter 21 cm", "exercise for small pets", tricky=True)
add(H, "Home > Office", "Generic", None, "Wireless Presenter Laser Pointer for PowerPoint Presentation 2.4GHz", "Aluminium alloy", "11 x 1.8 cm", "presentations in meetings and classrooms", ["Laser: class 2, < 1 mW"], ELEC_CERT, "withBattery", tricky=True)
add(E, "Electronics > Accessories", "Generic", None, "Exhaust Silencer for Motorcycle 51mm Stainless Steel Muffler", "Stainless steel", "length 38 cm, inlet 51 mm", "motorcycle exhaust replacement", tricky=True)
add(F, "Accessories > Sunglasses", "Generic", None, "Polarized Aviator Sunglasses for Men UV400 Metal Frame", "Metal frame, TAC polarized lenses", "lens width 58 mm, frame width 140 mm", "driving, fishing and beach", tricky=True)
add(H, "Home > Decor", "Generic", None, "Galaxy Print Canvas Wall Art 60 x 90 cm Space Nebula Poster", "Canvas, wooden frame", "60 x 90 cm", "living room and bedroom decoration", tricky=True)
add(K, "Kitchen > Appliances", "Generic", None, "Bullet Blender 350W Personal Smoothie Maker with 2 Travel Cups", "BPA-free Tritan cups, stainless steel blades", "cups 600 ml", "smoothies, shakes and baby food", ["Power: 350W"], ELEC_CERT, tricky=True)
add(F, "Women's Clothing > Dresses", "Generic", None, "Hot Pink Bodycon Dress Women Sleeveless Party Mini Dress", "95% Polyester, 5% Spandex", "S: bust 80 cm, length 82 cm; M: bust 84 cm", "parties and nights out", tricky=True)
add(H, "Home > Bath", "Generic", None, "Hot and Cold Gel Pack Reusable Ice Pack for Injuries 2 Pack", "Nylon cover, non-toxic gel", "28 x 13 cm", "cold or warm compress after sports", dangerous="notDangerous", tricky=True)

RU_LINES = ["Материал: хлопок.", "Размер: 40 x 30 см.", "Подходит для дома и путешествий."]

USAGE_FORMS = ["Suitable for {}.", "Perfect for {}.", "Ideal for {}.", "Usage: {}.", "Great for {}.",
               "Occasion: {}.", "Use it for {}."]
MATERIAL_FORMS = ["Material: {}", "Material: {}", "Fabric: {}", "Materials: {}", "Composition: {}"]


def describe(item: dict, ru: bool = False) -> str:
    """A realistic 'Attribute: value' description of a clean listing."""
    lines = []
    intro = rng.choice(["", f"{item['title'].split(' for ')[0]}.", "Features:", "Product description:"])
    if intro:
        lines.append(intro)
    if item["material"]:
        lines.append(rng.choice(MATERIAL_FORMS).format(item["material"]))
    if item["size"]:
        forms = ["Size: {}", "Dimensions: {}", "Measurements: {}"] + (
            [] if "inch" in item["size"] else ["Size chart (cm): {}"])
        lines.append(rng.choice(forms).format(item["size"]))
    lines += item["specs"]
    if item["usage"]:
        lines.append(rng.choice(USAGE_FORMS).format(item["usage"]))
    lines.append(rng.choice(["Package includes: 1 x " + item["title"].split(" ")[-1].lower(),
                             "Note: please allow 1-2 cm difference due to manual measurement.",
                             "Colour: as shown in the pictures.", "Warranty: 12 months."]))
    if ru:
        lines += RU_LINES
    return "\n".join(lines)


UNIVERSAL = dict(material="ABS plastic and silicone", size="20 x 10 x 5 cm", usage="home, office and travel")  # noqa: C408


def listing(item: dict, sku: str, universal: bool = False, **changes) -> dict:
    """A row for `item`; `universal` gives it a description complete for any product group
    (for hand-written titles whose group differs from the base item's)."""
    if universal:
        item = {**item, "title": changes.get("title") or item["title"]}
        item = {**item, **{k: item[k] or v for k, v in UNIVERSAL.items()}}
        changes.setdefault("certificates", "CE, FCC, EN71, CPNP")
        changes.setdefault("dangerous_kind", None)
        changes.setdefault("description", describe(item))
    row = {
        "product_sku": sku, "variant_sku": sku + "-1",
        "title": item["title"], "brand": item["brand"], "model": item["model"],
        "category": item["category"], "certificates": item["certificates"],
        "dangerous_kind": item["dangerous_kind"], "description": describe(item),
    }
    row.update(changes)
    return row


rows: list[dict] = []


def emit(row: dict, expected: list[str], kind: str, note: str = "") -> None:
    row["expected"] = sorted(set(expected))
    row["kind"] = kind
    row["note"] = note
    rows.append(row)


n = 0


def sku() -> str:
    global n
    n += 1
    return f"EV{n:04d}"


# ---------------------------------------------------------------- clean listings (x2 variants)
for item in CLEAN:
    emit(listing(item, sku()), [], "tricky" if item["tricky"] else "clean")
for item in CLEAN:
    if item["group"] in (F, H, K):
        # Bilingual description (English + Russian lines) is allowed.
        emit(listing(item, sku(), description=describe(item, ru=True)), [], "clean", "bilingual EN/RU")

by_group = {g: [c for c in CLEAN if c["group"] == g] for g in (E, F, H, B, T, K)}
fashion = [c for c in CLEAN if c["group"] == F and c["material"]]
plain = [c for c in CLEAN if not c["tricky"]]


def pick(pool=None) -> dict:
    return rng.choice(pool or plain)


def inject(title: str, phrase: str) -> str:
    mode = rng.choice(["start", "end", "middle"])
    words = title.split(" ")
    if mode == "start":
        return f"{phrase} {title}"
    if mode == "end":
        return f"{title} {phrase}"
    i = rng.randint(2, max(2, len(words) - 1))
    return " ".join(words[:i] + [phrase] + words[i:])


# ---------------------------------------------------------------- TTL003 too short
for t in ["Earbuds", "Dress", "Phone Case", "Ring", "Socks 5", "Mug", "Cable 1m", "Lamp", "Bag", "Wallet"]:
    # A one-word mug title also lacks its capacity (TTL006).
    extra = ["TTL006"] if t == "Mug" else []
    emit(listing(pick(), sku(), universal=True, title=t, brand=None, model=None, category=None),
         ["TTL003"] + extra, "violation")

# ---------------------------------------------------------------- TTL004 brand not in title
for item in [c for c in CLEAN if c["brand"] not in (None, "Generic") and c["brand"].split()[0] in c["title"]]:
    title = item["title"].replace(item["brand"] + " ", "", 1).strip()
    emit(listing(item, sku(), title=title, model=None), ["TTL004"], "violation", "brand removed")

# ---------------------------------------------------------------- TTL005 model not in title
for item in [c for c in CLEAN if c["model"] and c["model"] in c["title"]][:12]:
    title = item["title"].replace(item["model"] + " ", "", 1)
    expected = ["TTL005"]
    emit(listing(item, sku(), title=title), expected, "violation", "model removed")

# ---------------------------------------------------------------- TTL006 core spec missing
for t, cat in [("Baseus Power Bank Fast Charging Portable Charger USB-C PD", "Electronics > Power Banks"),
               ("Anker Slim Portable Power Bank with LED Display", "Electronics > Power Banks"),
               ("SanDisk Ultra USB 3.0 Flash Drive Metal Casing", "Electronics > Storage"),
               ("Kingston microSDXC Memory Card with SD Adapter", "Electronics > Storage"),
               ("Samsung Galaxy A15 Smartphone Dual SIM Blue", "Electronics > Mobile Phones"),
               ("Xiaomi Redmi Note 13 Smartphone AMOLED Display Black", "Electronics > Mobile Phones"),
               ("The Ordinary Niacinamide Zinc Face Serum", "Beauty > Skin Care"),
               ("Argan Oil Hair Serum for Frizzy and Dry Hair", "Beauty > Hair Care"),
               ("Magnetic Building Blocks STEM Construction Set", "Toys > Building Blocks"),
               ("Philips Hue White Smart LED Bulb", "Home > Lighting")]:
    bases = [c for c in CLEAN if c["category"] == cat]
    base = next((c for c in bases if c["brand"] and c["brand"].split()[0] in t), bases[0])
    brand = base["brand"] if base["brand"] and base["brand"].split()[0] in t else None
    model = None
    emit(listing(base, sku(), title=t, brand=brand, model=model), ["TTL006"], "violation")

# ---------------------------------------------------------------- TTL007 absolute claims
for phrase in ["Best Seller", "BEST SELLING", "No.1", "#1 Best", "Top Rated", "Cheapest", "Best Quality",
               "Lowest Price", "World's Best", "NO.1 Brand", "Top Quality", "Number One", "Bestseller",
               "100% Satisfaction Guaranteed", "Highest Quality"]:
    item = pick()
    emit(listing(item, sku(), title=inject(item["title"], phrase)), ["TTL007"], "violation")

# ---------------------------------------------------------------- TTL008 promotional
for phrase in ["Hot Sale", "2024 New", "Free Shipping", "New Arrival", "SALE", "Wholesale", "Clearance",
               "Dropshipping", "Big Discount", "Hot Selling", "Limited Time Offer", "Factory Price",
               "50% OFF", "Great Gift", "Free Gift", "Buy 1 Get 1", "Brand New", "Promotion",
               "Newest 2025", "Cheap"]:
    item = pick()
    emit(listing(item, sku(), title=inject(item["title"], phrase)), ["TTL008"], "violation")
for t in ["Hot Women Summer Floral Midi Dress V Neck", "New Men's Slim Fit Stretch Jeans Dark Blue",
          "Men's Cotton Crew Socks 10 Pairs Breathable New", "Women Ankle Boots Chunky Heel Hot"]:
    base = next(c for c in fashion)
    emit(listing(base, sku(), title=t), ["TTL008"], "violation", "standalone Hot/New")

# ---------------------------------------------------------------- TTL009 case
for item in rng.sample(plain, 12):
    title = item["title"].upper() if rng.random() < 0.6 else item["title"].lower()
    expected = ["TTL009"]
    if item["model"] is None or item["model"].lower() in title.lower():
        pass
    emit(listing(item, sku(), title=title), expected, "violation")

# ---------------------------------------------------------------- TTL010 repeated words
for t in ["Summer Dress Women Dress Beach Dress Floral Maxi", "Phone Case Shockproof Case Clear Case for iPhone 15",
          "Yoga Leggings Women Leggings High Waist Gym Leggings", "Wireless Earbuds Bluetooth Earbuds Sport Earbuds",
          "Women Sneakers Women Shoes Women Platform Canvas", "Wallet Men Leather Wallet Slim Card Wallet",
          "Kitchen Knife Set 5 Pcs Chef Knife Stainless Steel Knife Block", "LED Lamp 5W Desk Lamp Reading Lamp Touch Dimmable",
          "Backpack Travel Backpack Laptop Backpack 15.6 inch", "Necklace Women Gold Necklace Pendant Necklace"]:
    base = pick()
    emit(listing(base, sku(), universal=True, title=t, brand=None, model=None, category=None), ["TTL010"], "violation")

# ---------------------------------------------------------------- TTL011 SKU in title
for item in rng.sample(plain, 10):
    s = sku()
    code = rng.choice([f"{s}", f"{s}-BLK", f"SKU{n:05d}"])
    row = listing(item, code, title=f"{item['title']} {code}" if rng.random() < 0.5 else f"{code} {item['title']}")
    emit(row, ["TTL011"], "violation")

# ---------------------------------------------------------------- TTL012 not English
for item, extra in zip(rng.sample(plain, 10), ["蓝牙耳机", "女装连衣裙", "手机壳", "Платье летнее", "Наушники",
                                               "大容量", "新款", "コットン", "여성 원피스", "ساعة"]):
    emit(listing(item, sku(), title=inject(item["title"], extra)), ["TTL012"], "violation")

# ---------------------------------------------------------------- TTL013 symbols
for item, sym in zip(rng.sample(plain, 12), ["🔥", "!!!", "【Upgraded】", "★★★", "$$$", "❤", "✅", "™", "®",
                                             "<b>", "Amazing!", "😍😍"]):
    expected = ["TTL013"]
    emit(listing(item, sku(), title=inject(item["title"], sym)), expected, "violation")

# ---------------------------------------------------------------- DSC001 missing/short
for item, d in zip(rng.sample(plain, 10), [None, "", "Good quality.", "See pictures.", "As picture",
                                           "Nice product", "1 pc", "Please see photos for details", "Very good", None]):
    emit(listing(item, sku(), description=d), ["DSC001"], "violation")

# ---------------------------------------------------------------- DSC002 material (fashion)
for item in fashion[:12]:
    stripped = dict(item, material=None)
    emit(listing(item, sku(), description=describe(stripped)), ["DSC002"], "violation", "no material")
for item, comp in zip(fashion[:6], ["70% Cotton, 20% Polyester", "80% Polyester, 15% Spandex", "60% Cotton, 60% Linen",
                                    "90% Nylon, 5% Elastane", "50% Wool, 30% Acrylic", "45% Viscose, 45% Polyester"]):
    emit(listing(item, sku(), description=describe(dict(item, material=comp))), ["DSC002"], "violation", "bad sum")

# ---------------------------------------------------------------- DSC003 size in cm
for item in fashion[:8]:
    inches = f"length {rng.randint(20, 45)} inch, bust {rng.randint(30, 44)} inches"
    emit(listing(item, sku(), description=describe(dict(item, size=inches))), ["DSC003"], "violation", "inches only")
for item in [c for c in CLEAN if c["group"] == H and c["size"] and "Lighting" not in c["category"]
             and not re.search(r"\d\s?(?:cm|m)\b", c["title"])][:4]:
    emit(listing(item, sku(), description=describe(dict(item, size=None))), ["DSC003"], "violation", "no size")

# ---------------------------------------------------------------- DSC004 usage
for item in rng.sample([c for c in plain if c["usage"]], 10):
    d = describe(dict(item, usage=None))
    emit(listing(item, sku(), description=d), ["DSC004"], "violation")

# ---------------------------------------------------------------- DSC005 contact/links
for item, c in zip(rng.sample(plain, 14), [
        "For wholesale contact us at sales@shenzhen-trading.cn", "WhatsApp: +86 138 0013 8000",
        "Visit www.bestdeals-shop.com for more colours", "Add our WeChat: lucky_store88 for discount",
        "Call (731) 286-5309 for support", "Telegram @fashionhub_official", "More products: https://bit.ly/3xYz12",
        "QQ: 2837461920", "Email me: anna.seller@gmail.com", "Phone: 13800138000",
        "Please contact us before leaving feedback", "Viber +7 916 555 12 34", "Shop at myshop.ru",
        "Line ID: happybuy2024"]):
    d = describe(item) + "\n" + c
    emit(listing(item, sku(), description=d), ["DSC005"], "violation")
# GPSR block is allowed
for item in rng.sample(plain, 6):
    d = describe(item) + "\nManufacturer: Shenzhen Acme Technology Co., Ltd, info@acme-tech.com\nEU Responsible Person: EU Rep GmbH, Berlin, contact@eurep.de"
    emit(listing(item, sku(), description=d), [], "tricky", "GPSR block")

# ---------------------------------------------------------------- DSC006 HTML
for item in rng.sample(plain, 8):
    d = describe(item)
    html = rng.choice([f"<p>{d}</p>", d.replace("\n", "<br>"), f"<div><b>Features</b></div>\n{d}",
                       d + "&nbsp;", f"<ul><li>{d}</li></ul>"])
    emit(listing(item, sku(), description=html), ["DSC006"], "violation")

# ---------------------------------------------------------------- DSC007 not English
for item in rng.sample(plain, 6):
    d = describe(item) + "\n" + rng.choice(["材质：纯棉，柔软舒适", "产品特点：防水耐用", "适用场景：家居办公",
                                            "包装清单：1个", "尺寸：均码", "颜色：如图"])
    emit(listing(item, sku(), description=d), ["DSC007"], "violation", "CJK")
for item in rng.sample(plain, 4):
    d = ("Материал: хлопок 100%. Размер: 40 x 30 см. Подходит для дома, офиса и путешествий. "
         "Цвет: как на фото. В комплекте: 1 шт. Высокое качество изготовления.")
    emit(listing(item, sku(), description=d), ["DSC007"], "violation", "Russian only")

# ---------------------------------------------------------------- TRM001 banned terms (hand-written)
for t in ["Self Defense Stun Gun Rechargeable LED Flashlight", "Brass Knuckles Duster Keychain Heavy Duty",
          "Pepper Spray Keychain for Women Self Defense", "Tactical Throwing Knives Set of 6 with Sheath",
          "Butterfly Knife Trainer Stainless Steel Balisong", "Mini Hidden Camera 1080P Spy Cam WiFi",
          "GPS Jammer Car Signal Blocker 12V", "Lock Pick Set 24 Pcs Professional Locksmith Tools",
          "Rifle Scope 4-16x50 with Red Dot Sight", "Airsoft Gun Pistol Metal Full Auto",
          "Replica Designer Handbag Women Leather Tote", "1:1 Replica Luxury Watch Automatic Men",
          "AAA Quality Designer Sunglasses Women Oversized", "Super Copy Running Shoes Men Sneakers",
          "Human Hair Wig 100% Remy Brazilian Straight 24 inch", "Green Laser Pointer 5000mW Burning Beam",
          "Disposable Vape Pen 6000 Puffs Mixed Berry", "CBD Oil Drops 3000mg Full Spectrum",
          "Magnetic Bracelet Cures Arthritis Pain Relief Copper", "FDA Approved Blood Pressure Monitor Arm",
          "R4i SDHC Card Nintendo DS 3DS Flash Cart", "Mercury Thermometer Glass Clinical",
          "Knockoff Designer Belt Men Leather", "Cuban Cigars Humidor Box with 10 Cigars",
          "Switchblade Pocket Knife Automatic Spring", "Sword Cane Hidden Blade Walking Stick",
          "Bulletproof Vest Level IIIA Body Armor", "Tear Gas Canister Police Grade",
          "Nicotine Salt E-Liquid 30ml Strawberry", "Real Mink Fur Coat Women Winter",
          "Ivory Carving Elephant Figurine Genuine", "Fireworks Set 36 Shots Outdoor Cake",
          "Weight Loss Pills Fat Burner Fast Slimming", "Antibacterial Cutting Board Kills 99.9% of Germs",
          "Vodka Gift Set 6 Mini Bottles Premium"]:
    base = pick()
    # The R4 card names Nintendo outside a compatibility phrase: also a trademark finding.
    also = ["TRM002"] if "Nintendo" in t else []
    emit(listing(base, sku(), universal=True, title=t, brand=None, model=None, category=None), ["TRM001"] + also,
         "violation")

# ---------------------------------------------------------------- TRM002 third-party brands
for t, brand in [("Nike Air Max Running Shoes Men Breathable", "Acme"), ("Adidas Style Tracksuit Men 2 Piece Set", None),
                 ("Gucci Belt Women Leather Gold Buckle", None), ("Louis Vuitton Monogram Crossbody Bag", "Lovely"),
                 ("Rolex Submariner Automatic Watch Men", None), ("Chanel Inspired Pearl Earrings", None),
                 ("Pokemon Pikachu Plush Toy 30 cm", None), ("Disney Frozen Elsa Dress for Girls", None),
                 ("Hello Kitty Backpack for Kids School Bag", None), ("Labubu Doll Clothes Outfit Set 17 cm", None),
                 ("Wireless Earbuds for AirPods Pro 2 Bluetooth Earphones", None),
                 ("T-Shirt for Nike Fans Men Cotton Black", None), ("Stanley Cup 40oz Tumbler with Handle", None),
                 ("Dyson Supersonic Hair Dryer Negative Ion 1600W", None), ("Samsung Charger 25W Fast USB-C", None),
                 ("Marvel Avengers Spider-Man Figure 18 cm", None), ("Harry Potter Hogwarts Wand Set", None),
                 ("Lego Compatible Building Blocks City Police Station 800 Pcs", None),
                 ("Ray-Ban Aviator Sunglasses Men Polarized", None), ("Apple Watch Ultra Clone 49mm Smartwatch", None),
                 ("Michael Kors Tote Bag Women Large", None), ("Pandora Charm Bracelet Silver 925", None),
                 ("Yeezy Boost 350 Sneakers Men", None), ("Supreme Box Logo Hoodie Red", None),
                 ("Velcro Cable Ties 50 Pcs Reusable", None), ("Crocs Clogs Women Classic Comfort Shoes", None)]:
    base = pick()
    emit(listing(base, sku(), universal=True, title=t, brand=brand, model=None, category=None),
         ["TRM002"] + (["TTL004"] if brand else []), "violation")
for t in ["Samsnug Galaxy S24 Ultra Phone 12GB+512GB", "Adiddas Running Shoes Men Sneakers",
          "Reebook Classic Leather Sneakers Men", "Guccci Women Handbag Leather", "Xiaomii Redmi Smartphone 8GB+256GB"]:
    base = pick()
    emit(listing(base, sku(), universal=True, title=t, brand=None, model=None, category=None),
         ["TRM002", "TRM004"], "violation", "misspelt brand")

# ---------------------------------------------------------------- TRM003 marketplaces
for phrase in ["Amazon Choice", "AliExpress", "Same as Amazon", "eBay Top Seller", "Temu Hot", "Shein Style",
               "Wish.com", "Taobao", "Walmart"]:
    item = pick()
    expected = ["TRM003"]
    if "Hot" in phrase:
        expected.append("TTL008")
    if "Top Seller" in phrase:
        expected.append("TTL007")
    if "." in phrase:
        expected.append("DSC005")  # 'Wish.com' is also a link
    emit(listing(item, sku(), title=inject(item["title"], phrase)), expected, "violation")
for item in rng.sample(plain, 3):
    emit(listing(item, sku(), description=describe(item) + "\nAlso available on our Amazon store."),
         ["TRM003"], "violation", "description")

# ---------------------------------------------------------------- TRM004 obfuscation
ZW = "\u200b"
for t, also in [("Rep1ica Designer Handbag Women", "TRM001"), ("R3plica Watch Men Automatic", "TRM001"),
                ("N" + ZW + "ike Running Shoes Men", "TRM002"), ("Gu" + ZW + "cci Belt Women", "TRM002"),
                ("Rеplica Bag Women Leather", "TRM001"),  # Cyrillic е
                ("Аdidas Sneakers Women White", "TRM002"),  # Cyrillic А
                ("B u l l e t p r o o f Vest for Men", "TRM001"), ("S.T.U.N G.U.N flashlight", "TRM001"),
                ("T a s e r Flashlight Rechargeable", "TRM001"), ("Kn0ck0ff Designer Sunglasses", "TRM001"),
                ("Sup3r Copy Sneakers Men", "TRM001"), ("Ch@nel Pearl Earrings", "TRM002")]:
    base = pick()
    expected = ["TRM004"] + ([also] if also else [])
    emit(listing(base, sku(), universal=True, title=t, brand=None, model=None, category=None), expected,
         "violation")

# ---------------------------------------------------------------- TRM005 implausible specs
for t in ["2TB USB Flash Drive Metal Waterproof Pen Drive", "1TB Pen Drive USB 3.0 High Speed",
          "512GB USB Flash Drive Mini Metal Keychain", "100000mAh Power Bank Fast Charging USB-C",
          "80000mAh Power Bank Solar Portable Charger", "21D Tempered Glass Screen Protector for iPhone 15",
          "9D Full Cover Tempered Glass for Samsung Galaxy S23", "2TB Micro SD Card Class 10 with Adapter",
          "Wireless Earbuds Bluetooth 9.0 Noise Cancelling", "1024GB Flash Drive USB 3.1 Type C OTG"]:
    base = pick()
    emit(listing(base, sku(), universal=True, title=t, brand=None, model=None, category=None), ["TRM005"],
         "violation")

# ---------------------------------------------------------------- CMP001 prohibited categories
for cat in ["Sports > Self Defense Weapons", "Vapes & E-Cigarettes", "Health > Medicines", "Food & Beverages > Snacks",
            "Wine & Spirits", "Pets > Live Animals", "Collectibles > Coins & Bullion", "Tobacco Products"]:
    item = pick([c for c in plain if c["group"] == H])
    emit(listing(item, sku(), category=cat), ["CMP001"], "violation")

# ---------------------------------------------------------------- CMP002 certificates
for item in [c for c in CLEAN if c["certificates"] and c["group"] in (T, B)][:6] + rng.sample(
        [c for c in CLEAN if c["certificates"] == ELEC_CERT and not c["tricky"]], 6):
    emit(listing(item, sku(), certificates=None), ["CMP002"], "violation")

# ---------------------------------------------------------------- CMP003 dangerous kind
for item in [c for c in CLEAN if c["dangerous_kind"] in ("withBattery", "liquid") and not c["tricky"]
             and c["brand"] != "Logitech"][:12]:
    emit(listing(item, sku(), dangerous_kind="notDangerous"), ["CMP003"], "violation")

OUT.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
kinds = {k: sum(r["kind"] == k for r in rows) for k in ("clean", "tricky", "violation")}
print(f"wrote {len(rows)} listings to {OUT} ({kinds})")

# ---------------------------------------------------------------- held-out titles
# Written after the rules were tuned on the set above and scored once, without changing
# the rules for them: marketplace-style titles as sellers write them (AliExpress/Joom
# style), labelled by what the marketplace rules say, not by what the wordlists contain.
# Only title-level families (TTL, TRM) are scored on this set.
HOLDOUT = [
    ("Baseus 65W GaN Charger USB C PD Fast Charger for iPhone 15 Samsung Xiaomi Laptop", "Baseus", []),
    ("Women's Summer Dress Casual V Neck Short Sleeve Floral Print Beach Sundress", None, []),
    ("Ugreen USB C Hub 6 in 1 HDMI 4K 100W PD Adapter for MacBook Pro Air", "Ugreen", []),
    ("Magnetic Phone Holder for Car Dashboard 360 Rotation Strong Magnet Mount", None, []),
    ("Anime Naruto Hoodie Men Women Pullover Sweatshirt", None, ["TRM002"]),
    ("Stainless Steel Vacuum Insulated Tumbler 20oz with Lid and Straw", None, []),
    ("LED Strip Lights 5m RGB 5050 Bluetooth App Control Music Sync for Bedroom", None, []),
    ("Mini Portable Power Bank 10000mAh Fast Charging Built-in Cables", None, []),
    ("Power Bank Portable Charger Slim External Battery Pack", None, ["TTL006"]),
    ("Xiaomi Mi Band 8 Smart Bracelet 1.62 inch AMOLED Blood Oxygen Fitness Tracker", "Xiaomi", []),
    ("For Samsung Galaxy S23 Ultra Case Leather Wallet Flip Cover Card Slot", None, []),
    ("2024 New Women Sneakers Breathable Mesh Running Shoes", None, ["TTL008"]),
    ("Hot Sale Men's Watch Quartz Stainless Steel Waterproof", None, ["TTL008"]),
    ("Original Xiaomi Redmi Buds 5 TWS Earphones Bluetooth 5.3 ANC", "Xiaomi", []),
    ("Wireless Earbuds Bluetooth Headphones HiFi Stereo Sports Earphones with Mic", None, []),
    ("USB Flash Drive 2TB Metal Pen Drive High Speed Memory Stick", None, ["TRM005"]),
    ("Kids Building Blocks Set 1000 Pcs City Police Station Bricks Toys", None, []),
    ("Compatible with Lego Technic Car Building Blocks MOC Set", None, ["TRM002"]),
    ("Gold Hoop Earrings for Women 14K Gold Plated Hypoallergenic", None, []),
    ("Men's Casual Shirt Long Sleeve Button Down Cotton Linen Shirt", None, []),
    ("Phone Case for iPhone 15 14 13 12 Pro Max Shockproof Silicone Cover", None, []),
    ("Car Seat Gap Filler Organizer Leather Console Side Pocket 2 Pack", None, []),
    ("Dove Grey Velvet Cushion Cover 45x45cm Throw Pillow Case", None, []),
    ("Apple Cider Vinegar Gummies Weight Loss Supplement 60 Count", None, ["TRM001"]),
    ("Women Faux Fur Coat Winter Warm Fluffy Jacket Outwear", None, []),
    ("Digital Kitchen Scale 5kg/1g Stainless Steel Food Scale for Baking Cooking", None, []),
    ("Replacement Battery for iPhone 11 3110mAh High Capacity with Tools Kit", None, []),
    ("Nintendo Switch Games Mario Kart 8 Deluxe Game Card", None, ["TRM002"]),
    ("Self Defense Keychain Set for Women with Alarm and Kubotan", None, ["TRM001"]),
    ("Tactical Flashlight 1200 Lumens USB Rechargeable Zoomable Torch", None, []),
    ("Laser Pointer Green High Power 10000m Long Range", None, ["TRM001"]),
    ("Disposable Face Masks 50 Pcs 3 Ply Breathable", None, []),
    ("Smart Watch Men Women 1.85 inch Bluetooth Call Heart Rate Monitor IP68", None, []),
    ("Men's Running Shoes Lightweight Breathable Sneakers Non Slip Walking Shoes", None, []),
    ("DIY Diamond Painting Kit Full Drill 30x40cm Landscape", None, []),
    ("Vintage Cuban Link Bracelet Men Stainless Steel 12mm", None, []),
    ("Syrian Hamster Cage Large with Wheel and Hideout", None, []),
    ("Iran Flag Patch Embroidered Iron On", None, ["TRM001"]),
    ("Sunglasses Women Oversized Square Retro UV400 Protection", None, []),
    ("BEST SELLER Yoga Mat Non Slip 6mm Thick Exercise Mat", None, ["TTL007"]),
    ("Cheap Women Handbags Large Capacity Tote Bag Shoulder Bag", None, ["TTL008"]),
    ("Wholesale 100pcs Silicone Wristband Bracelet Custom Logo", None, ["TTL008"]),
    ("FREE SHIPPING Women Dress Summer Maxi Long Dress Boho", None, ["TTL008"]),
    ("iPhone 15 Pro Max 256GB Unlocked Smartphone Black Titanium", "Apple", []),
    ("Samsung Galaxy S24 Ultra 5G 12GB 512GB Dual SIM", "Samsung", []),
    ("Redmi Note 13 Pro 8GB 256GB Global Version 200MP Camera", "Xiaomi", ["TTL004"]),
    ("Tempered Glass for iPhone 15 Pro Max 9H Full Cover Screen Protector 3 Pack", None, []),
    ("100D Tempered Glass for Samsung A54 A34 A14 Screen Protector", None, ["TRM005"]),
    ("Portable Charger 50000mAh Power Bank with LED Display", None, []),
    ("Power Bank 60000mAh Solar Charger Waterproof Outdoor", None, ["TRM005"]),
    ("Car Charger Dual USB 3.1A Fast Charging Adapter for Cigarette Lighter Socket", None, []),
    ("Hookah Shisha Set Complete with 2 Hoses Glass Base", None, ["TRM001"]),
    ("Kids Tablet 10 inch Android 13 WiFi 64GB Educational Tablet for Children", None, []),
    ("Bluetooth Speaker Portable Wireless Loud Stereo Bass IPX7 Waterproof", None, []),
    ("Wig Human Hair Lace Front 13x4 Body Wave Brazilian Remy", None, ["TRM001"]),
    ("Curtain Rod Hooks Stainless Steel 20 Pcs", None, []),
    ("GUCCl Style Belt Men Leather Luxury", None, ["TRM002", "TRM004"]),
    ("N1ke Air Jordan 1 Retro High Sneakers", None, ["TRM002", "TRM004"]),
    ("Luxury Designer Inspired Handbag Women Top Handle Bag", None, ["TRM001"]),
    ("AAA Replica Watches Men Automatic Sapphire", None, ["TRM001"]),
    ("Women Bikini Set Push Up Swimsuit Two Piece Bathing Suit", None, []),
    ("Multi Tool Knife Pliers Stainless Steel Pocket Folding Survival Tool", None, []),
    ("Men Cotton T-Shirt Oversize Summer Tops Tee", None, []),
    ("Protein Powder Whey 2kg Chocolate Flavour", None, ["TRM001"]),
    ("Essential Oil Diffuser 300ml Ultrasonic Aroma Humidifier with 7 Colors LED", None, []),
    ("Baby Stroller Lightweight Foldable Travel Pram", None, []),
    ("Water Pipe Glass Bong 12 inch", None, ["TRM001"]),
    ("Magic Mushroom Grow Kit Indoor", None, ["TRM001"]),
    ("Ear Wax Removal Tool Camera 1080P Otoscope with 6 LED", None, []),
    ("Electric Toothbrush for Adults Sonic 5 Modes with 8 Brush Heads", None, []),
    ("Copy Paper A4 500 Sheets 80gsm", None, []),
    ("Mirror Quality Sunglasses Designer", None, ["TRM001"]),
    ("Tiktok Viral Mini Blender Portable USB Rechargeable Juicer Cup", None, ["TTL008"]),
    ("amazon basics HDMI cable 2m 4K", None, ["TRM003"]),
    ("Women's Jeans High Waist Skinny Stretch Denim Pants Jeans Women", None, []),
    ("Foldable Phone Stand Holder for Desk Adjustable Aluminum Compatible with All Phones Tablets", None, []),
    ("Screwdriver", None, ["TTL003"]),
    ("WOMEN WINTER COAT WARM PARKA HOODED JACKET", None, ["TTL009"]),
    ("Phone Case Phone Case Phone Case for iPhone 15", None, ["TTL010"]),
    ("Wireless Mouse 2.4G Silent Click 蓝牙鼠标", None, ["TTL012"]),
]
holdout = [{"product_sku": f"HO{i:03d}", "title": t, "brand": b, "expected": sorted(e),
            "kind": "violation" if e else "clean", "note": "holdout"} for i, (t, b, e) in enumerate(HOLDOUT)]
HOLD = OUT.with_name("holdout.jsonl")
HOLD.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in holdout) + "\n", encoding="utf-8")
print(f"wrote {len(holdout)} held-out titles to {HOLD}")
